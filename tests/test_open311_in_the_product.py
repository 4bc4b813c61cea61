"""A request from an Open311 app is a case like any other: searched, reported, on the map."""

import pytest
from django.utils import timezone

from .open311_support import issue_key, place_communes, post_request, request_fields
from .staff_helpers import client_for
from .test_reports_pages import ENGLISH, _Links


@pytest.fixture
def reference(world, settings) -> str:
    settings.OPEN311_UNIT = world.commune.code
    place_communes(world)
    return post_request(request_fields(world, issue_key(world))).json()[0]["service_request_id"]


def today() -> dict:
    day = timezone.localdate().isoformat()
    return {"from": day, "to": day}


def test_search_finds_it_by_channel_and_counts_the_channel(world, reference, api):
    body = api(world.leader).get("/api/v1/cases/", {"channel": "open311"}).json()

    assert [hit["reference"] for hit in body["results"]] == [reference]
    channels = {item["value"]: item["count"] for item in body["facets"]["channel"]}
    assert channels == {"open311": 1}


def test_the_periodic_report_counts_it_under_channel_open311(world, reference, api):
    body = api(world.leader).get("/api/v1/reports/periodic/", today()).json()

    channels = {line["code"]: line["count"] for line in body["by_channel"]}
    assert channels["open311"] == 1
    assert sum(channels.values()) == 1


def test_the_locality_view_counts_it_in_its_commune(world, reference):
    response = client_for(world.province_leader).get(
        "/staff/reports/localities/", {**today(), "metric": "count"}, **ENGLISH
    )

    parser = _Links()
    parser.feed(response.content.decode())
    assert dict(parser.links)["/staff/search/?locality=xa-an-binh"].startswith("Xã An Bình: 1 open")
