"""The periodic report's figures on a fixed data set, each counted by hand.

What each figure counts: docs/reporting.md#the-figures.
"""

from datetime import date

import pytest

from cases.models import Channel
from reports.periods import Period, period_from_shorthand
from reports.selectors import UnitOutOfReach, default_unit, periodic_report

from .reports_world import build_report_world

Q1_2026 = period_from_shorthand("2026-Q1")
# Across the new year and Tết (16–20/02/2026).
WINTER = Period(date(2025, 12, 1), date(2026, 2, 28))


@pytest.fixture
def data(world):
    return build_report_world(world)


def figures(report) -> dict:
    """Return every cell of the report as a flat dict, breakdowns by code."""
    cells = {
        name: getattr(report, name)
        for name in (
            "received",
            "group_petitions",
            "accepted",
            "forwarded",
            "guided",
            "archived",
            "withdrawn",
            "resolved",
            "resolved_on_time",
            "resolved_overdue",
            "open_at_end",
            "open_overdue_at_end",
            "reception_visits",
            "reception_visitors",
            "reception_groups",
        )
    }
    for breakdown in ("by_kind", "by_channel", "by_field", "by_outcome"):
        cells[breakdown] = {line.code: line.count for line in getattr(report, breakdown)}
    return cells


# The report lists every channel, those no petition came by included.
NONE_BY_CHANNEL = dict.fromkeys(Channel.values, 0)
NONE_BY_KIND = dict.fromkeys(("complaint", "denunciation", "recommendation", "feedback"), 0)
NONE_BY_OUTCOME = dict.fromkeys(("upheld", "partly_upheld", "rejected"), 0)

# Q1 2026 at commune A: received A1, A3, A4 (23:59:59 on 31/03), A6 (06:30 on 01/01, still
# 2025 in UTC), A7, A8, A9, A10, A10's second petition, A11; not A2 (December), A5 (00:00
# on 01/04). Accepted A1, A9, A10, A11; resolved A1 (upheld, 20/01 ≤ 05/02), A2 (rejected,
# 25/02 > 21/01: late), A11 (partly, 05/03 ≤ 09/03). Open on 31/03: A2 (answer due 02/03,
# overdue), A3 (due 02/03, overdue), A4 (due 14/04), A10 (due 12/02, overdue).
COMMUNE_A_Q1 = {
    "received": 10,
    "by_kind": {
        **NONE_BY_KIND,
        "complaint": 7,
        "denunciation": 1,
        "recommendation": 1,
        "feedback": 1,
    },
    "by_channel": {
        **NONE_BY_CHANNEL,
        "in_person": 5,
        "post": 2,
        "email": 1,
        "phone": 1,
        "portal": 1,
    },
    "by_field": {"dat-dai": 8, "moi-truong": 2},
    "group_petitions": 1,
    "accepted": 4,
    "forwarded": 1,
    "guided": 1,
    "archived": 1,
    "withdrawn": 1,
    "by_outcome": {"upheld": 1, "partly_upheld": 1, "rejected": 1},
    "resolved": 3,
    "resolved_on_time": 2,
    "resolved_overdue": 1,
    "open_at_end": 4,
    "open_overdue_at_end": 3,
    # In person: A1, A3 (six people), A8, A9 and A10's second petition.
    "reception_visits": 5,
    "reception_visitors": 10,
    "reception_groups": 1,
}
# Q1 2026 at commune B: B1 (accepted 21/01, due 23/02: overdue), B2 (due 30/03: overdue).
COMMUNE_B_Q1 = {
    "received": 2,
    "by_kind": {**NONE_BY_KIND, "complaint": 1, "feedback": 1},
    "by_channel": {**NONE_BY_CHANNEL, "in_person": 1, "phone": 1},
    "by_field": {"dat-dai": 1, "moi-truong": 1},
    "group_petitions": 0,
    "accepted": 1,
    "forwarded": 0,
    "guided": 0,
    "archived": 0,
    "withdrawn": 0,
    "by_outcome": NONE_BY_OUTCOME,
    "resolved": 0,
    "resolved_on_time": 0,
    "resolved_overdue": 0,
    "open_at_end": 2,
    "open_overdue_at_end": 2,
    "reception_visits": 1,
    "reception_visitors": 1,
    "reception_groups": 0,
}


def test_a_commune_leader_gets_only_the_commune_figures(data):
    w = data.world

    report = periodic_report(user=w.leader, period=Q1_2026, unit=w.commune)

    assert figures(report) == COMMUNE_A_Q1


def test_the_province_leader_gets_both_communes(data):
    w = data.world

    province = figures(periodic_report(user=w.province_leader, period=Q1_2026, unit=w.province))
    commune_b = figures(periodic_report(user=w.other_leader, period=Q1_2026, unit=w.other_commune))

    # Every cell of the province is the sum of its two communes'.
    assert commune_b == COMMUNE_B_Q1
    assert province == {
        name: {code: n + COMMUNE_B_Q1[name][code] for code, n in value.items()}
        if isinstance(value, dict)
        else value + COMMUNE_B_Q1[name]
        for name, value in COMMUNE_A_Q1.items()
    }


def test_an_inspector_sees_the_granted_commune_only(data):
    w = data.world

    assert default_unit(w.inspector) == w.commune
    report = periodic_report(user=w.inspector, period=Q1_2026, unit=w.commune)
    assert figures(report) == COMMUNE_A_Q1
    with pytest.raises(UnitOutOfReach):
        periodic_report(user=w.inspector, period=Q1_2026, unit=w.province)
    with pytest.raises(UnitOutOfReach):
        periodic_report(user=w.leader, period=Q1_2026, unit=w.other_commune)


def test_a_range_across_the_new_year_and_tet(data):
    w = data.world

    report = periodic_report(user=w.province_leader, period=WINTER, unit=w.province)

    # Received 01/12/2025–28/02/2026: A1, A2, A3, A6, A7, A8, A10, A11, B1. Open on 28/02:
    # A2 (answer due 02/03), A3 (due 02/03: Tết's five days off push it past 23/02),
    # A10 (due 12/02, overdue), A11 (decided only on 05/03; due 09/03), B1 (due 23/02,
    # overdue).
    assert figures(report) == {
        "received": 9,
        "by_kind": {**NONE_BY_KIND, "complaint": 7, "denunciation": 1, "recommendation": 1},
        "by_channel": {**NONE_BY_CHANNEL, "in_person": 4, "post": 3, "phone": 1, "portal": 1},
        "by_field": {"dat-dai": 7, "moi-truong": 2},
        "group_petitions": 1,
        "accepted": 5,
        "forwarded": 1,
        "guided": 1,
        "archived": 1,
        "withdrawn": 0,
        "by_outcome": {**NONE_BY_OUTCOME, "upheld": 1, "rejected": 1},
        "resolved": 2,
        "resolved_on_time": 1,
        "resolved_overdue": 1,
        "open_at_end": 5,
        "open_overdue_at_end": 2,
        "reception_visits": 4,
        "reception_visitors": 9,
        "reception_groups": 1,
    }


def test_overdue_follows_the_due_dates_the_engine_stored(data):
    cases = data.cases

    # The engine's dates the expectations above rest on.
    assert cases["A3"].processing_due_on == date(2026, 3, 2)
    assert cases["A2"].resolution_due_on == date(2026, 1, 21)
    assert cases["A2"].response_due_on == date(2026, 3, 2)
    assert cases["A10"].resolution_due_on == date(2026, 2, 12)
    assert cases["A11"].resolution_due_on == date(2026, 3, 9)
    assert cases["B1"].resolution_due_on == date(2026, 2, 23)
    assert cases["B2"].processing_due_on == date(2026, 3, 30)


def test_the_months_hold_received_and_resolved(data):
    w = data.world

    report = periodic_report(user=w.province_leader, period=Q1_2026, unit=w.province)

    assert [(m.month, m.received, m.resolved, m.resolved_overdue) for m in report.months] == [
        (date(2026, 1, 1), 5, 1, 0),
        (date(2026, 2, 1), 3, 1, 1),
        (date(2026, 3, 1), 4, 1, 0),
    ]


def test_period_edges_are_local_whole_days(data):
    w = data.world

    def received(first, last):
        period = Period(first, last)
        return periodic_report(user=w.leader, period=period, unit=w.commune).received

    # A4 at 23:59:59 on 31/03 is in 31/03; A5 at 00:00:00 on 01/04 is not.
    assert received(date(2026, 3, 31), date(2026, 3, 31)) == 1
    assert received(date(2026, 4, 1), date(2026, 4, 1)) == 1
    # A6 at 06:30 on 01/01/2026 is 23:30 on 31/12/2025 in UTC: it counts on 01/01.
    assert received(date(2026, 1, 1), date(2026, 1, 1)) == 1
    assert received(date(2025, 12, 31), date(2025, 12, 31)) == 0


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        ("2026-Q1", (date(2025, 10, 1), date(2025, 12, 31))),
        ("2026-Q3", (date(2026, 4, 1), date(2026, 6, 30))),
        ("2026-H1", (date(2025, 7, 1), date(2025, 12, 31))),
        ("2026-H2", (date(2026, 1, 1), date(2026, 6, 30))),
        ("2026-9M", (date(2025, 1, 1), date(2025, 9, 30))),
        ("2026", (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_a_named_period_is_compared_with_the_one_before_it(period, previous):
    before = period_from_shorthand(period).previous()
    assert (before.first, before.last) == previous


def test_a_range_of_days_is_compared_with_as_many_days_before_it():
    before = Period(date(2026, 3, 10), date(2026, 3, 19)).previous()
    assert (before.first, before.last) == (date(2026, 2, 28), date(2026, 3, 9))
