"""The Open311 tests' world: commune centres, an app's key, and requests sent as apps send them."""

from urllib.parse import urlencode
from xml.etree import ElementTree

from django.test import Client

from cases.models import Locality
from open311.models import ApiKey
from open311.services import api_key_issue

# Two points in Hà Giang, beside the two communes' centres the world is given below.
NEAR_AN_BINH = ("22.801234", "104.981234")
NEAR_BINH_MINH = ("22.699876", "105.101234")
# A citizen an app names: no GET may ever show these.
REPORTER = {
    "first_name": "Thị Mận",
    "last_name": "Đinh",
    "email": "dinh.man@example.vn",
    "phone": "0977123456",
}
REPORTER_SECRETS = ("Đinh Thị Mận", "Thị Mận", "dinh.man@example.vn", "0977123456")


def place_communes(world) -> None:
    """Give the world's two communes their centre points."""
    Locality.objects.filter(pk=world.locality.pk).update(
        latitude="22.800000", longitude="104.980000"
    )
    Locality.objects.filter(pk=world.other_locality.pk).update(
        latitude="22.700000", longitude="105.100000"
    )


def issue_key(world, *, name="Ứng dụng Phản ánh hiện trường", rate="60/min") -> str:
    return api_key_issue(actor=world.administrator, api_key=ApiKey(name=name, rate=rate))


def service_code(world, kind="feedback") -> str:
    return f"{kind}-{world.field.code}"


def request_fields(world, key: str, **overrides) -> dict:
    """A feedback as an app sends it: a point, a description, the reporter's contact."""
    latitude, longitude = NEAR_AN_BINH
    fields = {
        "api_key": key,
        "service_code": service_code(world),
        "lat": latitude,
        "long": longitude,
        "description": "Ổ gà lớn giữa đường liên thôn.\nXe máy đi qua rất nguy hiểm.",
        "media_url": "https://photos.example.vn/o-ga.jpg",
        **REPORTER,
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


def post_request(fields: dict, *, format: str = "json", client: Client | None = None, **extra):
    """POST form-encoded, as GeoReport v2 says an app sends a request."""
    return (client or Client()).post(
        f"/open311/v2/requests.{format}",
        urlencode(fields),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
        **extra,
    )


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.content)


def children(element: ElementTree.Element) -> list[str]:
    return [child.tag for child in element]
