"""Leaders' reception days (docs/reception-book.md#leaders-reception-days): the schedule, visits
recorded under a session, the public schedule, the dashboard, and the legal minimum."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from cases.exceptions import InvalidInput, NotPermitted
from cases.models import Level, ReceptionSession, Unit
from cases.permissions import Role
from cases.selectors import reception_sessions_visible_to
from cases.services import (
    Repeat,
    SessionInput,
    reception_session_change,
    reception_session_schedule,
)
from reports.periods import period_from_shorthand
from reports.selectors import periodic_report

from .factories import World, make_user
from .staff_helpers import client_for, desk_data


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def session_input(world: World, day: date, **extra) -> SessionInput:
    return SessionInput(
        unit=world.commune,
        starts_at=at(day, 8),
        ends_at=at(day, 11),
        place="Trụ sở UBND xã An Bình",
        presiding=world.leader,
        **extra,
    )


@pytest.fixture
def commune_with_a_head(world):
    """The commune as the law sees it: a People's Committee of a commune, its chair its head."""
    Unit.objects.filter(pk=world.commune.pk).update(
        kind=Unit.Kind.PEOPLES_COMMITTEE, level=Level.COMMUNE, head=world.leader
    )
    world.commune.refresh_from_db()
    return world


def test_a_weekly_schedule_is_its_sessions_and_a_holiday_moves_to_the_next_working_day(
    commune_with_a_head,
):
    world = commune_with_a_head
    # Tuesdays from 03/02/2026; 17/02 is Tết, off until Friday 20/02.
    sessions = reception_session_schedule(
        actor=world.leader,
        data=session_input(
            world, date(2026, 2, 3), repeat=Repeat.WEEKLY, repeat_until=date(2026, 3, 3)
        ),
    )

    days = [timezone.localdate(s.starts_at) for s in sessions]
    assert days == [
        date(2026, 2, 3),
        date(2026, 2, 10),
        date(2026, 2, 23),
        date(2026, 2, 24),
        date(2026, 3, 3),
    ]
    assert all(timezone.localtime(s.starts_at).hour == 8 for s in sessions)
    assert len({s.series for s in sessions}) == 1
    assert all(s.presided_by_head for s in sessions)


def test_a_monthly_schedule_keeps_its_day_of_the_month(world):
    sessions = reception_session_schedule(
        actor=world.leader,
        data=session_input(
            world, date(2026, 1, 15), repeat=Repeat.MONTHLY, repeat_until=date(2026, 4, 30)
        ),
    )

    assert [timezone.localdate(s.starts_at) for s in sessions] == [
        date(2026, 1, 15),
        date(2026, 2, 23),  # 15/02 is a Sunday, then Tết
        date(2026, 3, 16),  # 15/03 is a Sunday
        date(2026, 4, 15),
    ]


def test_who_keeps_and_who_presides_are_checked(world):
    other_reception = make_user("reception_b", unit=world.other_commune, role=Role.RECEPTION)

    with pytest.raises(NotPermitted):
        reception_session_schedule(actor=other_reception, data=session_input(world, date.today()))
    with pytest.raises(NotPermitted):
        reception_session_schedule(actor=world.handler, data=session_input(world, date.today()))
    with pytest.raises(InvalidInput) as refused:
        reception_session_schedule(
            actor=world.reception,
            data=SessionInput(
                **{**vars(session_input(world, date.today())), "presiding": world.other_leader}
            ),
        )
    assert "presiding" in refused.value.errors
    # A leader of a unit above presides too; the commune's reception officer keeps its schedule.
    [session] = reception_session_schedule(
        actor=world.reception,
        data=SessionInput(
            **{**vars(session_input(world, date.today())), "presiding": world.province_leader}
        ),
    )
    assert not session.presided_by_head
    assert not ReceptionSession.objects.filter(presiding=world.other_leader).exists()


def test_only_a_reception_office_keeps_the_schedule_of_the_unit_above(world):
    """A commune's reception desk keeps its commune's schedule, not the province chair's; the
    province's Ban Tiếp công dân, a unit below the province, keeps it."""
    office = Unit.objects.create(
        code="ban-tcd",
        name="Ban Tiếp công dân",
        parent=world.province,
        kind=Unit.Kind.RECEPTION_OFFICE,
    )
    office_reception = make_user("reception_office", unit=office, role=Role.RECEPTION)
    province_day = SessionInput(
        **{
            **vars(session_input(world, date.today())),
            "unit": world.province,
            "presiding": world.province_leader,
        }
    )

    with pytest.raises(NotPermitted):
        reception_session_schedule(actor=world.reception, data=province_day)
    [session] = reception_session_schedule(actor=office_reception, data=province_day)

    assert session.unit == world.province
    assert not reception_sessions_visible_to(world.reception).filter(pk=session.pk).exists()
    assert reception_sessions_visible_to(office_reception).filter(pk=session.pk).exists()


def test_a_visit_is_recorded_under_the_session_with_who_presided(world):
    today = timezone.localdate()
    [session] = reception_session_schedule(actor=world.reception, data=session_input(world, today))
    desk = client_for(world.reception)
    assert session.place in desk.get("/staff/desk/").content.decode()

    response = desk.post("/staff/desk/", desk_data(world, reception_session=session.pk))

    assert response.status_code == 302
    visit = session.visits.get()
    assert visit.received_by == world.reception
    book = desk.get("/staff/book/").content.decode()
    assert world.leader.get_full_name() in book
    refused = desk.post(
        "/staff/desk/", desk_data(world, reception_session=session.pk, channel="post")
    )
    assert refused.status_code == 400
    assert session.visits.count() == 1


def test_the_public_dashboard_and_schedule_pages_list_the_coming_sessions(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    [coming] = reception_session_schedule(actor=world.leader, data=session_input(world, tomorrow))
    [cancelled] = reception_session_schedule(
        actor=world.leader,
        data=SessionInput(
            **{**vars(session_input(world, tomorrow)), "place": "Nhà văn hóa thôn 9"}
        ),
    )
    reception_session_change(actor=world.leader, session=cancelled, cancelled=True)

    public = client_for().get("/portal/sessions/").content.decode()
    dashboard = client_for(world.province_leader).get("/staff/dashboard/").content.decode()
    schedule = client_for(world.inspector).get("/staff/sessions/").content.decode()

    for page in (public, dashboard):
        assert coming.place in page
        assert "Nhà văn hóa thôn 9" not in page
    assert world.commune.name in public
    assert coming.place in schedule
    # An inspector reads the schedule and keeps none of it.
    assert 'id="session-form"' not in schedule


def test_the_schedule_page_adds_a_weekly_series(world):
    page = client_for(world.leader)
    day = timezone.localdate() + timedelta(days=7)

    response = page.post(
        "/staff/sessions/",
        {
            "unit": world.commune.code,
            "day": day.isoformat(),
            "starts": "07:30",
            "ends": "11:00",
            "place": "Trụ sở UBND xã",
            "presiding": world.leader.pk,
            "repeat": Repeat.WEEKLY,
            "repeat_until": (day + timedelta(days=21)).isoformat(),
        },
    )

    assert response.status_code == 302
    assert ReceptionSession.objects.filter(unit=world.commune).count() >= 3
    bad = page.post("/staff/sessions/", {"unit": world.commune.code, "place": ""})
    assert bad.status_code == 400


def test_the_report_sets_the_heads_sessions_against_the_weekly_minimum(commune_with_a_head):
    world = commune_with_a_head
    sessions = reception_session_schedule(
        actor=world.leader,
        data=session_input(
            world, date(2026, 1, 6), repeat=Repeat.WEEKLY, repeat_until=date(2026, 3, 24)
        ),
    )
    by_day = {timezone.localdate(s.starts_at): s for s in sessions}
    reception_session_change(
        actor=world.leader, session=by_day[date(2026, 3, 3)], presiding=world.province_leader
    )
    reception_session_change(actor=world.leader, session=by_day[date(2026, 3, 10)], cancelled=True)

    report = periodic_report(
        user=world.leader, period=period_from_shorthand("2026-Q1"), unit=world.commune
    )

    [line] = report.reception_days
    assert line.unit == world.commune
    assert line.quota.citation == "Luật Tiếp công dân 2013, Điều 15"
    assert (line.held, line.held_by_head) == (11, 10)
    # The weeks from Monday 05/01 to Sunday 29/03; short: Tết's week (its Tuesday moved to
    # the next week), the week another leader presided and the week of the cancelled one.
    assert (line.periods, line.required, line.short) == (12, 12, 3)
    page = client_for(world.leader).get("/staff/reports/?period=2026-Q1").content.decode()
    assert "Luật Tiếp công dân 2013, Điều 15" in page


def test_the_province_chair_owes_one_day_a_month(world):
    Unit.objects.filter(pk=world.province.pk).update(
        level=Level.PROVINCE, head=world.province_leader
    )
    world.province.refresh_from_db()
    for day in (date(2026, 1, 15), date(2026, 3, 16)):
        reception_session_schedule(
            actor=world.province_leader,
            data=SessionInput(
                unit=world.province,
                starts_at=at(day, 8),
                ends_at=at(day, 11),
                place="Trụ sở tiếp công dân tỉnh",
                presiding=world.province_leader,
            ),
        )

    report = periodic_report(
        user=world.province_leader, period=period_from_shorthand("2026-Q1"), unit=world.province
    )

    [line] = report.reception_days
    assert (line.unit, line.held_by_head, line.periods, line.short) == (world.province, 2, 3, 1)
