"""Where a submitted point lies (docs/open311.md#location).

Viet Nam is a coarse outline kept as data beside this module: the mainland with its coastal
islands, and the Hoàng Sa and Trường Sa archipelagos. It catches what goes wrong in practice
(latitude and longitude swapped, a phone's 0, 0 before it has a fix, a point in another
country) and errs on the generous side along the borders. Which commune a point is in comes
from the communes' centre points (`cases.selectors.commune_nearest`), not from this outline.
"""

import functools
import itertools
import json
import math
from decimal import Decimal
from pathlib import Path

OUTLINE = Path(__file__).resolve().parent / "data" / "viet_nam.geojson"
# The mean radius of the WGS84 ellipsoid.
EARTH_RADIUS_KM = 6371.0088


@functools.cache
def _outer_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Return the outline's polygons as rings of (longitude, latitude), as GeoJSON holds them."""
    feature = json.loads(OUTLINE.read_text(encoding="utf-8"))
    return tuple(
        tuple((lon, lat) for lon, lat in polygon[0])
        for polygon in feature["geometry"]["coordinates"]
    )


def _inside(ring, lon: float, lat: float) -> bool:
    # Even-odd rule: a ray to the east crosses the ring's edges an odd number of times.
    inside = False
    for (lon_a, lat_a), (lon_b, lat_b) in itertools.pairwise(ring):
        if (lat_a > lat) != (lat_b > lat):
            crossing = lon_a + (lat - lat_a) * (lon_b - lon_a) / (lat_b - lat_a)
            if lon < crossing:
                inside = not inside
    return inside


def in_viet_nam(latitude: Decimal | float, longitude: Decimal | float) -> bool:
    """Return whether the point lies in Viet Nam's outline."""
    lat, lon = float(latitude), float(longitude)
    return any(_inside(ring, lon, lat) for ring in _outer_rings())


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance between two (latitude, longitude) points."""
    lat_a, lon_a, lat_b, lon_b = map(math.radians, (*a, *b))
    haversine = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(haversine))
