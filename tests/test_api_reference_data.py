"""GET /api/v1/localities/, /fields/ and /units/: the lists forms and clients pick codes from."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Field, Locality, Unit

LISTS = ["/api/v1/localities/", "/api/v1/fields/", "/api/v1/units/"]


def codes(response) -> set[str]:
    return {item["code"] for item in response.json()}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["reception", "handler", "leader", "inspector", "administrator"])
def test_every_staff_role_reads_the_list_of_codes_and_names(world, api, url, role):
    response = api(getattr(world, role)).get(url)

    assert response.status_code == 200
    assert response.json(), "the list is empty"
    for item in response.json():
        assert item["code"]
        assert item["name"]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_client_gets_401(world, api, url):
    response = api(None).get(url)

    assert response.status_code == 401


def test_localities_list_every_locality_with_its_parent(world, api):
    response = api(world.reception).get("/api/v1/localities/")

    assert codes(response) == {"tinh", "xa-an-binh", "xa-binh-minh"}
    by_code = {item["code"]: item for item in response.json()}
    assert by_code["xa-an-binh"]["name"] == "Xã An Bình"
    assert by_code["xa-an-binh"]["parent"] == "tinh"
    assert by_code["xa-an-binh"]["level"] == "commune"


def test_fields_list_the_active_fields(world, api):
    Field.objects.create(code="moi-truong", name="Môi trường")
    Field.objects.create(code="cu", name="Lĩnh vực cũ", is_active=False)

    response = api(world.reception).get("/api/v1/fields/")

    assert sorted(response.json(), key=lambda item: item["code"]) == [
        {"code": "dat-dai", "name": "Đất đai"},
        {"code": "moi-truong", "name": "Môi trường"},
    ]


def test_units_list_the_tree_by_code(world, api):
    Unit.objects.create(code="ubnd-xa-cu", name="UBND xã đã sáp nhập", is_active=False)

    response = api(world.leader).get("/api/v1/units/")

    assert codes(response) == {"ubnd-tinh", "ubnd-xa-a", "ubnd-xa-b"}
    by_code = {item["code"]: item for item in response.json()}
    assert by_code["ubnd-xa-a"]["name"] == "UBND xã An Bình"
    assert by_code["ubnd-xa-a"]["parent"] == "ubnd-tinh"
    assert by_code["ubnd-tinh"]["kind"] == "peoples_committee"
    assert by_code["ubnd-tinh"]["parent"] is None


def make_dissolved_district(world) -> Locality:
    """Return a district abolished by the 2025 reform: its validity ended in the past."""
    return Locality.objects.create(
        code="huyen-cu",
        name="Huyện Vị Xuyên",
        level=Locality.Level.DISTRICT,
        parent=world.locality.parent,
        valid_from=date(1991, 8, 12),
        valid_to=date(2025, 6, 30),
    )


def test_current_true_drops_a_locality_whose_validity_ended(world, api):
    make_dissolved_district(world)

    response = api(world.reception).get("/api/v1/localities/?current=true")

    assert response.status_code == 200
    assert codes(response) == {"tinh", "xa-an-binh", "xa-binh-minh"}


def test_current_true_drops_a_locality_not_yet_valid(world, api):
    Locality.objects.create(
        code="xa-moi",
        name="Xã mới",
        level=Locality.Level.COMMUNE,
        parent=world.locality.parent,
        valid_from=timezone.localdate() + timedelta(days=30),
    )

    response = api(world.reception).get("/api/v1/localities/?current=true")

    assert "xa-moi" not in codes(response)


def test_current_true_keeps_a_locality_valid_until_today(world, api):
    Locality.objects.create(
        code="xa-het-han-hom-nay",
        name="Xã hết hiệu lực hôm nay",
        level=Locality.Level.COMMUNE,
        parent=world.locality.parent,
        valid_to=timezone.localdate(),
    )

    response = api(world.reception).get("/api/v1/localities/?current=true")

    assert "xa-het-han-hom-nay" in codes(response)


def test_without_current_the_dissolved_locality_is_still_listed_with_its_dates(world, api):
    make_dissolved_district(world)

    response = api(world.reception).get("/api/v1/localities/")

    by_code = {item["code"]: item for item in response.json()}
    assert by_code["huyen-cu"]["valid_to"] == "2025-06-30"
