"""GET /api/v1/reports/periodic/: the report as JSON, its 400s and its 403."""

import pytest

from .reports_world import build_report_world
from .test_reports_figures import COMMUNE_A_Q1

URL = "/api/v1/reports/periodic/"


@pytest.fixture
def data(world):
    return build_report_world(world)


def as_figures(body: dict) -> dict:
    """The report's figures as `test_reports_figures` writes them; nothing was forwarded
    inside the system in that world (tests/test_reports_forwarding.py counts that)."""
    cells = dict(body["figures"])
    assert (cells.pop("forwarded_in"), cells.pop("forwarded_within")) == (0, 0)
    for breakdown in ("by_kind", "by_channel", "by_field", "by_outcome"):
        cells[breakdown] = {line["code"]: line["count"] for line in body[breakdown]}
    return cells


def test_the_report_comes_as_json_for_a_named_quarter(data, api):
    response = api(data.world.leader).get(URL, {"period": "2026-Q1"})

    assert response.status_code == 200
    body = response.json()
    assert body["period"]["first"] == "2026-01-01"
    assert body["period"]["last"] == "2026-03-31"
    assert body["unit"]["code"] == data.world.commune.code
    assert as_figures(body) == COMMUNE_A_Q1


def test_dates_and_unit_give_the_same_report(data, api):
    w = data.world

    response = api(w.province_leader).get(
        URL, {"from": "2026-01-01", "to": "2026-03-31", "unit": w.commune.code}
    )

    assert response.status_code == 200
    assert as_figures(response.json()) == COMMUNE_A_Q1
    assert response.json()["period"]["shorthand"] == ""


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-02-30", "to": "2026-03-31"}, "from"),
        ({"from": "2026-03-31", "to": "2026-01-01"}, "to"),
        ({"from": "2026-01-01"}, "to"),
        ({"period": "2026-Q5"}, "period"),
        ({"period": "2026-Q1", "from": "2026-01-01", "to": "2026-01-31"}, "period"),
        ({"period": "2026-Q1", "unit": "no-such-unit"}, "unit"),
        ({"period": "2026-Q1", "unit": "ubnd-xa-b"}, "unit"),
        ({"period": "2026-Q1", "unit": "ubnd-tinh"}, "unit"),
    ],
)
def test_bad_parameters_get_400_naming_the_field(world, api, params, field):
    response = api(world.leader).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0]


@pytest.mark.parametrize("role", ["reception", "handler", "administrator"])
def test_roles_without_reports_get_403(world, api, role):
    response = api(getattr(world, role)).get(URL, {"period": "2026-Q1"})

    assert response.status_code == 403


def test_anonymous_callers_are_refused(world, api):
    assert api().get(URL).status_code in (401, 403)


def test_the_schema_documents_the_report(db):
    from django.test import Client

    schema = Client().get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"period", "from", "to", "unit"}
    assert {"200", "400", "403"} <= set(operation["responses"])
