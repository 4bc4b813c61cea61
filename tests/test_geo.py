"""Where a point lies: Viet Nam's outline, and the nearest commune by its centre point."""

import pytest

from cases.geo import distance_km, in_viet_nam
from cases.models import Locality
from cases.selectors import commune_nearest

from .open311_support import place_communes

IN_VIET_NAM = {
    "Hà Nội": (21.028, 105.854),
    "Thành phố Hồ Chí Minh": (10.776, 106.700),
    "Lũng Cú, the northernmost point": (23.363, 105.316),
    "Mũi Cà Mau": (8.600, 104.720),
    "Mũi Đôi, the easternmost point": (12.650, 109.460),
    "A Pa Chải, near the westernmost point": (22.390, 102.160),
    "Phú Quốc": (10.220, 103.960),
    "Côn Đảo": (8.680, 106.610),
    "Bạch Long Vĩ": (20.130, 107.730),
    "Lý Sơn": (15.380, 109.120),
    "Móng Cái": (21.520, 107.960),
    "Lào Cai": (22.480, 103.970),
    "Điện Biên Phủ": (21.390, 103.020),
    "Tây Ninh": (11.310, 106.100),
    "Châu Đốc": (10.700, 105.120),
    "Kon Tum": (14.350, 108.000),
    "Quần đảo Hoàng Sa": (16.530, 111.610),
    "Quần đảo Trường Sa": (8.640, 111.920),
    "Tuyên Quang": (21.820, 105.210),
}
ELSEWHERE = {
    "Vientiane": (17.970, 102.610),
    "Phnom Penh": (11.560, 104.920),
    "Bangkok": (13.750, 100.500),
    "Nanning": (22.820, 108.320),
    "Pingxiang, across the border from Lạng Sơn": (22.100, 106.760),
    "Haikou, Hainan": (20.040, 110.340),
    "Dongfang, Hainan's west coast": (19.100, 108.650),
    "Kampot": (10.610, 104.180),
    "Sam Neua": (20.420, 104.050),
    "Manila": (14.600, 120.980),
    "a phone without a fix": (0.0, 0.0),
}


@pytest.mark.parametrize("point", IN_VIET_NAM.values(), ids=IN_VIET_NAM)
def test_points_in_viet_nam_and_its_islands_are_in(point):
    assert in_viet_nam(*point)


@pytest.mark.parametrize("point", ELSEWHERE.values(), ids=ELSEWHERE)
def test_points_in_other_countries_or_at_sea_are_out(point):
    assert not in_viet_nam(*point)


def test_the_great_circle_distance_from_hanoi_to_ho_chi_minh_city():
    # About 1,140 km as the crow flies.
    assert 1135 < distance_km(IN_VIET_NAM["Hà Nội"], IN_VIET_NAM["Thành phố Hồ Chí Minh"]) < 1150


def test_the_nearest_commune_is_found_within_the_limit(world):
    place_communes(world)

    assert commune_nearest("22.70", "105.09", within_km=30) == world.other_locality
    assert commune_nearest("22.79", "104.99", within_km=30) == world.locality
    assert commune_nearest("21.028", "105.854", within_km=30) is None


def test_communes_without_a_centre_or_no_longer_valid_are_not_chosen(world):
    place_communes(world)
    Locality.objects.filter(pk=world.other_locality.pk).update(latitude=None, longitude=None)

    assert commune_nearest("22.70", "105.10", within_km=30) == world.locality
    Locality.objects.filter(pk=world.locality.pk).update(valid_to="2020-01-01")
    assert commune_nearest("22.70", "105.10", within_km=30) is None
