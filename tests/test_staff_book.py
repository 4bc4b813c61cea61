"""The reception book (sổ tiếp công dân): the day's in-person visits, and its Excel export."""

from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from cases.models import Petition

from .factories import register
from .staff_helpers import client_for


def test_the_book_lists_todays_visits_at_the_officers_unit(world):
    visit = register(world)
    letter = register(world, subject="Gửi qua bưu điện")
    Petition.objects.filter(case=letter).update(channel="post")

    html = client_for(world.reception).get("/staff/book/").content.decode()

    assert visit.petitions.get().tracking_code in html
    assert "Nguyễn Thị Hoa" in html
    assert "Gửi qua bưu điện" not in html


def test_the_book_of_another_day_lists_that_days_visits(world):
    yesterday = timezone.now() - timedelta(days=1)
    old = register(world, received_at=yesterday)

    today = client_for(world.reception).get("/staff/book/").content.decode()
    then = client_for(world.reception).get(
        "/staff/book/", {"date": timezone.localdate(yesterday).isoformat()}
    )

    code = old.petitions.get().tracking_code
    assert code not in today
    assert code in then.content.decode()


def test_the_excel_export_opens_with_one_row_per_visit(world):
    case = register(world)

    response = client_for(world.reception).get("/staff/book/xlsx/")

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == 1]
    assert len(rows) == 1
    assert case.petitions.get().tracking_code in rows[0]
    assert "Nguyễn Thị Hoa, Thôn 3, xã An Bình" in rows[0]


def test_the_excel_export_never_names_a_denouncer(world):
    register(world, kind="denunciation")

    response = client_for(world.reception).get("/staff/book/xlsx/")

    values = [
        str(value)
        for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not any("Nguyễn Thị Hoa" in value for value in values)


def test_a_handler_may_not_open_the_book(world):
    assert client_for(world.handler).get("/staff/book/").status_code == 403


def test_a_leader_and_an_inspector_see_the_visits_of_the_units_they_oversee(world):
    code = register(world).petitions.get().tracking_code

    assert code in client_for(world.province_leader).get("/staff/book/").content.decode()
    assert code in client_for(world.inspector).get("/staff/book/").content.decode()
    assert code not in client_for(world.other_leader).get("/staff/book/").content.decode()
