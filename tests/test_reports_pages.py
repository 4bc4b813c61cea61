"""The report screens: the page, its Excel and PDF downloads, and the locality map."""

import re
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditAction, AuditEntry
from cases.models import Channel

from .reports_world import build_report_world
from .staff_helpers import client_for
from .test_reports_figures import COMMUNE_A_Q1

Q1 = {"period": "2026-Q1"}
# The texts asserted below are the English ones, whatever the catalogue holds.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def data(world):
    return build_report_world(world)


def test_the_page_shows_the_figures_of_the_leaders_commune(data):
    response = client_for(data.world.leader).get("/staff/reports/", Q1)

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("received", "open_at_end", "open_overdue_at_end", "reception_visitors"):
        row = re.search(rf'id="figure-{name}".*?<td class="num">(\d+)</td>', page)
        assert int(row.group(1)) == COMMUNE_A_Q1[name]
    assert 'style="' not in page
    assert "<script" not in page


@pytest.mark.parametrize("role", ["reception", "handler", "administrator"])
def test_other_roles_get_403(world, role):
    client = client_for(getattr(world, role))

    for url in ("/staff/reports/", "/staff/reports/periodic.xlsx", "/staff/reports/localities/"):
        assert client.get(url).status_code == 403


def test_a_unit_out_of_reach_is_refused_on_the_page_and_its_downloads(world):
    client = client_for(world.leader)
    params = {**Q1, "unit": world.other_commune.code}

    for url in ("/staff/reports/", "/staff/reports/periodic.xlsx", "/staff/reports/periodic.pdf"):
        response = client.get(url, params, **ENGLISH)
        assert response.status_code == 400
        assert b"outside the units you may report on" in response.content


def _cell_value(workbook, sheet, reference):
    """Return a cell's number, following a total's SUM or a link to another sheet's cell."""
    value = workbook[sheet][reference].value
    if isinstance(value, str) and (link := re.fullmatch(r"='(.+)'!([A-Z]+\d+)", value)):
        return _cell_value(workbook, link.group(1), link.group(2))
    if isinstance(value, str) and (total := re.fullmatch(r"=SUM\(([A-Z])(\d+):\1(\d+)\)", value)):
        column, first, last = total.group(1), int(total.group(2)), int(total.group(3))
        return sum(workbook[sheet][f"{column}{row}"].value for row in range(first, last + 1))
    return value


def test_the_excel_totals_are_formulas_matching_the_report(data, api):
    w = data.world
    response = client_for(w.province_leader).get("/staff/reports/periodic.xlsx", Q1)
    body = api(w.province_leader).get("/api/v1/reports/periodic/", Q1).json()

    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    breakdowns = {"by_kind": 4, "by_channel": len(Channel), "by_field": 2, "by_outcome": 3}
    for sheet_name, (attribute, lines) in zip(
        workbook.sheetnames[1:5], breakdowns.items(), strict=True
    ):
        sheet = workbook[sheet_name]
        total_row = 5 + lines
        # The SUM covers exactly the data rows, from the first under the headings.
        assert sheet[f"C{total_row}"].value == f"=SUM(C5:C{total_row - 1})"
        assert [sheet[f"B{row}"].value for row in range(5, total_row)] == [
            line["code"] for line in body[attribute]
        ]
        assert _cell_value(workbook, sheet_name, f"C{total_row}") == sum(
            line["count"] for line in body[attribute]
        )
    months = workbook[workbook.sheetnames[5]]
    assert months["B8"].value == "=SUM(B5:B7)"
    assert _cell_value(workbook, months.title, "B8") == body["figures"]["received"]
    assert _cell_value(workbook, months.title, "C8") == body["figures"]["resolved"]

    summary = workbook[workbook.sheetnames[0]]
    shown = [
        _cell_value(workbook, summary.title, f"B{row}")
        for row in range(5, summary.max_row + 1)
        if summary[f"B{row}"].value is not None
    ]
    assert shown == list(body["figures"].values())
    assert summary["B6"].value.startswith("='")  # received: the kind sheet's total


def test_the_pdf_is_a_pdf(data):
    response = client_for(data.world.leader).get("/staff/reports/periodic.pdf", Q1)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_each_download_is_in_the_audit_trail(world):
    client = client_for(world.leader)

    client.get("/staff/reports/periodic.xlsx", Q1)
    client.get("/staff/reports/periodic.pdf", Q1)
    client.get("/staff/reports/", Q1)

    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(e.actor, e.details["format"], e.details["unit"]) for e in entries] == [
        (world.leader, "xlsx", world.commune.code),
        (world.leader, "pdf", world.commune.code),
    ]
    assert entries[0].target == "periodic report ubnd-xa-a 2026-01-01–2026-03-31"


class _Links(HTMLParser):
    """Collect the map's commune links and their tooltips."""

    def __init__(self):
        super().__init__()
        self.in_map = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and attrs.get("class") == "locality-map":
            self.in_map = True
        elif self.in_map and tag == "a":
            self.links.append((attrs["href"], attrs["title"]))

    def handle_endtag(self, tag):
        if tag == "figure":
            self.in_map = False


def test_the_map_links_each_commune_to_its_search(data):
    w = data.world
    response = client_for(w.province_leader).get("/staff/reports/localities/", Q1, **ENGLISH)

    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.content.decode())
    links = dict(parser.links)
    assert set(links) == {
        "/staff/search/?locality=xa-an-binh",
        "/staff/search/?locality=xa-binh-minh",
    }
    # An Bình on 31/03: A2, A3, A4, A10 open, of which A2, A3, A10 overdue; 9 cases received
    # in Q1 against 1 (A2) in the quarter before.
    assert links["/staff/search/?locality=xa-an-binh"].startswith("Xã An Bình: 4 open, 3 overdue")
    assert "received 9 against 1" in links["/staff/search/?locality=xa-an-binh"]
    page = response.content.decode()
    assert 'style="' not in page
    assert "<script" not in page


def test_a_commune_leader_sees_only_their_commune_on_the_map(data):
    response = client_for(data.world.leader).get(
        "/staff/reports/localities/", {**Q1, "metric": "count"}, **ENGLISH
    )

    parser = _Links()
    parser.feed(response.content.decode())
    titles = dict(parser.links)
    assert titles["/staff/search/?locality=xa-binh-minh"].startswith("Xã Bình Minh: 0 open")
    assert titles["/staff/search/?locality=xa-an-binh"].startswith("Xã An Bình: 4 open")


def test_the_menu_offers_reports_to_leaders_and_inspectors_only(world):
    for user, shown in ((world.leader, True), (world.inspector, True), (world.reception, False)):
        page = client_for(user).get("/staff/inbox/" if shown else "/staff/desk/")
        assert ('href="/staff/reports/"' in page.content.decode()) is shown


def test_without_parameters_the_page_shows_the_current_quarter_of_the_own_unit(world):
    response = client_for(world.leader).get("/staff/reports/")

    assert response.status_code == 200
    report = response.context["report"]
    today = timezone.localdate()
    assert report.unit == world.commune
    assert report.period.first <= today <= report.period.last
    assert report.period.days in (90, 91, 92)


def test_svg_coordinates_stay_numbers_in_vietnamese(data):
    # Vietnamese writes 12,5 for 12.5; inside SVG attributes that would break the picture.
    page = client_for(data.world.province_leader).get("/staff/reports/localities/", Q1)

    svg = page.content.decode()
    assert "<svg" in svg
    assert not re.search(r'\s(?:x|y|cx|cy|width|height)="[^"]*,', svg)
