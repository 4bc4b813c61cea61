"""Worked examples of docs/time-limits.md: every date below was counted by hand on the calendar."""

import itertools
from contextlib import suppress
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import translation

from cases.deadlines import (
    RuleBook,
    WorkingCalendar,
    apply_deadlines,
    compute_deadlines,
    extension_refusal,
    recompute_open_cases,
)
from cases.models import (
    CalendarDay,
    Case,
    CaseExtension,
    CaseSuspension,
    Complexity,
    DeadlineRule,
    Field,
    Kind,
    Locality,
    Status,
    Unit,
    User,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
_references = itertools.count(1)


@pytest.fixture(autouse=True)
def _english():
    # The explanations are checked in English; holiday names stay Vietnamese.
    with translation.override("en"):
        yield


@pytest.fixture
def place(db):
    return {
        "unit": Unit.objects.create(code="ubnd-xa", name="UBND xã An Bình"),
        "locality": Locality.objects.create(code="xa-an-binh", name="Xã An Bình", level="commune"),
        "field": Field.objects.create(code="dat-dai", name="Đất đai"),
    }


def make_case(place, *, kind=Kind.COMPLAINT, received: date, **fields) -> Case:
    return Case.objects.create(
        reference=f"T-{next(_references)}",
        kind=kind,
        subject="x",
        received_at=datetime.combine(received, time(9), tzinfo=HANOI),
        **place,
        **fields,
    )


def accepted_case(place, *, accepted: date, **fields) -> Case:
    return make_case(place, accepted_on=accepted, status=Status.ACCEPTED, **fields)


def deadlines_of(case: Case):
    return compute_deadlines(case, calendar=WorkingCalendar.load(), rules=RuleBook.load())


@pytest.mark.django_db
def test_complaint_received_before_tet_is_processed_within_ten_working_days_after_it(place):
    # 21:30 UTC on 11/02 is 04:30 on Thu 12/02 in Hà Nội: the received date is the local one.
    case = make_case(place, received=date(2026, 2, 12))
    case.received_at = datetime(2026, 2, 11, 21, 30, tzinfo=ZoneInfo("UTC"))

    processing = deadlines_of(case).processing

    # Fri 13/02 is day 1; weekend 14-15, Tết 16-20, weekend 21-22; 23-27/02 days 2-6;
    # weekend 28/02-01/03; Mon 02/03 … Thu 05/03 are days 7-10.
    assert processing.due_on == date(2026, 3, 5)
    assert processing.anchor_date == date(2026, 2, 12)
    assert [s.day for s in processing.skipped] == [
        date(2026, 2, 14),
        date(2026, 2, 15),
        *(date(2026, 2, d) for d in range(16, 21)),
        date(2026, 2, 21),
        date(2026, 2, 22),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    assert processing.skipped[2].reason == "Giao thừa Tết Nguyên Đán"
    assert processing.moved_from is None


@pytest.mark.django_db
def test_calendar_and_working_day_limits_from_the_same_date_differ(place):
    case = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
    )

    deadlines = deadlines_of(case)

    # 7 working days from Mon 02/03: 03-06/03 and 09-11/03 → Wed 11/03.
    assert deadlines.processing.due_on == date(2026, 3, 11)
    # 30 calendar days from Mon 02/03, weekends included → Wed 01/04, a working day.
    assert deadlines.resolution.due_on == date(2026, 4, 1)
    assert deadlines.resolution.skipped == ()
    assert deadlines.due_on == date(2026, 4, 1)
    # Three working days before Wed 01/04: Tue 31/03, Mon 30/03, Fri 27/03.
    assert deadlines.due_soon_on == date(2026, 3, 27)


@pytest.mark.django_db
def test_calendar_limit_ending_on_a_saturday_moves_to_monday(place):
    case = accepted_case(place, received=date(2026, 3, 2), accepted=date(2026, 3, 5))

    resolution = deadlines_of(case).resolution

    # Thu 05/03 + 30 days = Sat 04/04 → Mon 06/04.
    assert resolution.moved_from == date(2026, 4, 4)
    assert resolution.due_on == date(2026, 4, 6)


@pytest.mark.django_db
def test_calendar_limit_ending_in_tet_moves_to_the_first_working_day_after_it(place):
    case = accepted_case(place, received=date(2026, 1, 12), accepted=date(2026, 1, 19))

    resolution = deadlines_of(case).resolution

    # Mon 19/01 + 30 days = Wed 18/02 (Mùng hai Tết); Tết to Fri 20/02, weekend → Mon 23/02.
    assert resolution.moved_from == date(2026, 2, 18)
    assert resolution.due_on == date(2026, 2, 23)


@pytest.mark.django_db
def test_vietnamese_culture_day_is_a_day_off_from_2026(place):
    calendar = WorkingCalendar.load()
    case = make_case(place, kind=Kind.DENUNCIATION, received=date(2026, 11, 20))

    processing = deadlines_of(case).processing

    assert calendar.is_working_day(date(2025, 11, 24))
    assert calendar.day_off_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    # Fri 20/11: Mon 23 (1), Tue 24 off, 25-27 (2-4), weekend, 30/11, 01/12, 02/12 (5-7).
    assert processing.due_on == date(2026, 12, 2)
    assert [s.day for s in processing.skipped] == [date(2026, 11, d) for d in (21, 22, 24, 28, 29)]


@pytest.mark.django_db
def test_due_soon_skips_vietnamese_culture_day(place):
    # Thu 12/11/2026: 13, 16-20, 23, 25, 26, 27/11 are the ten working days (24 is off).
    case = make_case(place, received=date(2026, 11, 12))

    deadlines = deadlines_of(case)

    assert deadlines.due_on == date(2026, 11, 27)
    # Three working days before Fri 27/11: Thu 26, Wed 25, (Tue 24 off), Mon 23.
    assert deadlines.due_soon_on == date(2026, 11, 23)


@pytest.mark.django_db
def test_swapped_saturday_22_august_2026_is_a_working_day(place):
    calendar = WorkingCalendar.load()
    case = make_case(place, kind=Kind.DENUNCIATION, received=date(2026, 8, 20))

    processing = deadlines_of(case).processing

    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    # Thu 20/08: Fri 21 (1), Sat 22 swapped (2), Sun 23 off, Mon 24 … Fri 28 (3-7).
    assert processing.due_on == date(2026, 8, 28)


@pytest.mark.django_db
def test_closed_suspension_lengthens_a_calendar_limit_by_the_days_suspended(place):
    case = make_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted_on=date(2026, 3, 2),
        status=Status.VERIFYING,
        handler=User.objects.create_user("handler"),
    )
    CaseSuspension.objects.create(
        case=case, started_on=date(2026, 3, 10), ended_on=date(2026, 3, 15), reason="giám định"
    )

    resolution = deadlines_of(case).resolution

    # 10-14/03 are 5 suspended days: Mon 02/03 + 30 + 5 = Mon 06/04.
    assert resolution.due_on == date(2026, 4, 6)
    assert [s.day for s in resolution.skipped] == [date(2026, 3, d) for d in range(10, 15)]
    assert not resolution.clock_stopped


@pytest.mark.django_db
def test_closed_suspension_lengthens_a_working_day_limit_by_the_working_days_suspended(place):
    case = make_case(
        place, kind=Kind.RECOMMENDATION, received=date(2026, 3, 2), status=Status.ACCEPTED
    )
    CaseSuspension.objects.create(
        case=case, started_on=date(2026, 3, 4), ended_on=date(2026, 3, 9), reason="chờ hồ sơ"
    )

    resolution = deadlines_of(case).resolution

    # 15 working days from Mon 02/03 end on Mon 23/03; 04-06/03 were suspended working days,
    # so three more: 24, 25, 26/03.
    assert resolution.due_on == date(2026, 3, 26)
    assert resolution.skipped[0].reason == "Suspended"


@pytest.mark.django_db
def test_open_suspension_stops_the_clock(place):
    case = make_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted_on=date(2026, 3, 2),
        status=Status.SUSPENDED,
    )
    CaseSuspension.objects.create(case=case, started_on=date(2026, 3, 10), reason="giám định")

    deadlines = deadlines_of(case)

    assert deadlines.resolution.due_on is None
    assert deadlines.resolution.clock_stopped
    assert deadlines.due_on is None
    assert deadlines.due_soon_on is None
    # Processing ended at acceptance, before the suspension: its date stays for reports.
    assert deadlines.processing.due_on == date(2026, 3, 11)


@pytest.mark.django_db
def test_especially_complex_denunciation_may_be_extended_twice_by_at_most_30_days(place):
    case = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
        complexity=Complexity.VERY_COMPLEX,
    )
    once, twice = [CaseExtension(days=30)], [CaseExtension(days=30), CaseExtension(days=30)]

    assert extension_refusal(case, 30) is None
    assert extension_refusal(case, 30, extensions=once) is None
    assert extension_refusal(case, 30, extensions=twice) == (
        "A denunciation may be extended at most 2 times."
    )
    assert extension_refusal(case, 31) == "An extension may be at most 30 days."


@pytest.mark.django_db
def test_complex_denunciation_may_be_extended_once_and_a_normal_one_not_at_all(place):
    case = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
    )
    once = [CaseExtension(days=30)]

    assert extension_refusal(case, 30) == (
        "A denunciation of this complexity may not be extended: "
        "mark it complex or especially complex."
    )
    assert extension_refusal(case, 30, complexity=Complexity.COMPLEX) is None
    assert extension_refusal(case, 30, complexity=Complexity.COMPLEX, extensions=once) == (
        "A denunciation may be extended at most 1 time."
    )
    assert extension_refusal(case, 30, complexity=Complexity.VERY_COMPLEX, extensions=once) is None


@pytest.mark.django_db
def test_complaint_may_not_be_extended(place):
    case = accepted_case(place, received=date(2026, 3, 2), accepted=date(2026, 3, 2))

    assert extension_refusal(case, 10) == "A complaint may not be extended."


@pytest.mark.django_db
def test_extension_lengthens_the_resolution_limit(place):
    case = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
    )
    CaseExtension.objects.create(
        case=case,
        days=30,
        reason="phức tạp",
        granted_by=User.objects.create_user("leader"),
        granted_on=date(2026, 3, 25),
    )

    resolution = deadlines_of(case).resolution

    # Mon 02/03 + 30 + 30 = Fri 01/05 (Ngày Quốc tế Lao động), weekend → Mon 04/05.
    assert resolution.extension_days == 30
    assert resolution.moved_from == date(2026, 5, 1)
    assert resolution.due_on == date(2026, 5, 4)


@pytest.mark.django_db
def test_remote_complex_first_time_complaint_gets_60_days(place):
    case = accepted_case(
        place,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
        complexity=Complexity.COMPLEX,
        is_remote_area=True,
    )

    resolution = deadlines_of(case).resolution

    assert resolution.rule.days == 60
    # Mon 02/03 + 60 days = Fri 01/05, Labour Day → Mon 04/05.
    assert resolution.due_on == date(2026, 5, 4)


@pytest.mark.django_db
def test_second_time_complex_complaint_gets_60_days_and_a_normal_one_45(place):
    complex_case = accepted_case(
        place,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
        is_second_time=True,
        complexity=Complexity.VERY_COMPLEX,
    )
    normal_case = accepted_case(
        place,
        received=date(2026, 3, 2),
        accepted=date(2026, 3, 2),
        is_second_time=True,
    )

    assert deadlines_of(complex_case).resolution.rule.days == 60
    assert deadlines_of(normal_case).resolution.rule.days == 45
    # Mon 02/03 + 45 days = Thu 16/04.
    assert deadlines_of(normal_case).resolution.due_on == date(2026, 4, 16)


@pytest.mark.django_db
def test_newer_rule_applies_only_to_cases_accepted_after_it_takes_effect(place):
    DeadlineRule.objects.create(
        kind=Kind.DENUNCIATION,
        step=DeadlineRule.Step.RESOLUTION,
        days=45,
        day_count=DeadlineRule.DayCount.CALENDAR,
        anchor=DeadlineRule.Anchor.ACCEPTED,
        effective_from=date(2026, 6, 1),
        citation="Luật Tố cáo (sửa đổi)",
    )
    before = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 5, 20),
        accepted=date(2026, 5, 29),
    )
    after = accepted_case(
        place,
        kind=Kind.DENUNCIATION,
        received=date(2026, 5, 20),
        accepted=date(2026, 6, 2),
    )

    assert deadlines_of(before).resolution.rule.days == 30
    # Fri 29/05 + 30 days = Sun 28/06 → Mon 29/06.
    assert deadlines_of(before).resolution.due_on == date(2026, 6, 29)
    assert deadlines_of(after).resolution.rule.days == 45
    # Tue 02/06 + 45 days = Fri 17/07.
    assert deadlines_of(after).resolution.due_on == date(2026, 7, 17)


@pytest.mark.django_db
def test_resolved_complaint_is_due_for_its_response_and_a_closed_one_for_nothing(place):
    resolved = make_case(
        place,
        received=date(2026, 10, 1),
        accepted_on=date(2026, 10, 5),
        decided_on=date(2026, 12, 4),
        status=Status.RESOLVED,
    )
    closed = make_case(
        place,
        received=date(2026, 10, 1),
        accepted_on=date(2026, 10, 5),
        decided_on=date(2026, 12, 4),
        status=Status.CLOSED,
    )

    # Decision Fri 04/12: Mon 07, Tue 08, Wed 09/12 are the three working days.
    assert deadlines_of(resolved).due_on == date(2026, 12, 9)
    assert deadlines_of(closed).due_on is None
    assert deadlines_of(closed).response.due_on == date(2026, 12, 9)


@pytest.mark.django_db
def test_resolution_has_no_date_before_acceptance(place):
    deadlines = deadlines_of(make_case(place, received=date(2026, 3, 2)))

    assert deadlines.resolution.due_on is None
    assert deadlines.resolution.anchor_date is None
    assert deadlines.response.due_on is None


@pytest.mark.django_db
def test_administrator_day_off_moves_open_cases_and_leaves_closed_ones(
    place, django_capture_on_commit_callbacks
):
    open_case = make_case(place, received=date(2026, 11, 12))
    apply_deadlines(open_case, deadlines_of(open_case))
    open_case.save()
    closed_case = make_case(
        place,
        received=date(2026, 11, 12),
        status=Status.ARCHIVED,
        processing_due_on=date(2026, 11, 27),
    )
    assert open_case.processing_due_on == date(2026, 11, 27)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarDay.objects.create(
            date=date(2026, 11, 20),
            day_type=CalendarDay.DayType.DAY_OFF,
            name="Nghỉ lễ hội địa phương",
        )

    assert len(callbacks) == 1
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    # Fri 20/11 is now off too: the tenth working day after Thu 12/11 becomes Mon 30/11.
    assert open_case.processing_due_on == date(2026, 11, 30)
    assert open_case.due_on == date(2026, 11, 30)
    assert closed_case.processing_due_on == date(2026, 11, 27)


@pytest.mark.django_db
def test_several_calendar_changes_in_one_transaction_recompute_once(
    place, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for day in (date(2026, 11, 20), date(2026, 11, 23)):
            CalendarDay.objects.create(
                date=day, day_type=CalendarDay.DayType.DAY_OFF, name="Nghỉ lễ hội địa phương"
            )
        CalendarDay.objects.filter(date=date(2026, 11, 23)).get().delete()

    assert len(callbacks) == 1


@pytest.mark.django_db
def test_after_a_calendar_change_is_rolled_back_the_next_one_still_recomputes(
    place, django_capture_on_commit_callbacks
):
    case = make_case(place, received=date(2026, 11, 12), processing_due_on=date(2026, 11, 27))
    with suppress(RuntimeError), transaction.atomic():
        day_off(date(2026, 11, 23))
        raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        day_off(date(2026, 11, 20))

    assert len(callbacks) == 1
    case.refresh_from_db()
    # Only Fri 20/11 is off: the tenth working day after Thu 12/11 becomes Mon 30/11.
    assert case.processing_due_on == date(2026, 11, 30)


def day_off(day: date) -> CalendarDay:
    return CalendarDay.objects.create(date=day, day_type=CalendarDay.DayType.DAY_OFF, name="Lễ")


@pytest.mark.django_db
def test_recomputing_reports_only_cases_whose_dates_changed(place):
    case = make_case(place, received=date(2026, 11, 12))
    make_case(place, received=date(2026, 11, 12), status=Status.FORWARDED)

    assert recompute_open_cases() == 1
    assert recompute_open_cases() == 0
    case.refresh_from_db()
    assert (case.due_on, case.due_soon_on) == (date(2026, 11, 27), date(2026, 11, 23))


@pytest.mark.django_db
def test_explanation_names_the_citation_the_anchor_date_and_a_skipped_holiday(place):
    case = make_case(place, received=date(2026, 2, 12))

    explanation = deadlines_of(case).processing.explain()

    assert "Luật Khiếu nại 2011, Điều 27" in explanation
    assert "12/02/2026" in explanation
    assert "Tết Nguyên Đán (17/02/2026)" in explanation
    assert explanation.endswith("due 05/03/2026.")
