"""The periodic report counts a petition forwarded inside the system once, and each unit's
forwarding in and out (docs/reporting.md#the-figures)."""

from django.utils import timezone

from cases.models import Case
from cases.services import case_transition
from reports.periods import current_quarter
from reports.selectors import periodic_report

from .factories import register


def test_a_petition_forwarded_between_communes_counts_once_in_the_province(world):
    period = current_quarter(timezone.localdate())
    kept = register(world, subject="Đơn giữ lại xã")
    sent = register(world, subject="Đơn chuyển xã khác")
    case_transition(
        case=sent,
        actor=world.reception,
        name="forward",
        data={"to_unit": world.other_commune.code, "request_report": True},
    )
    arrived = Case.objects.get(forwarded_from_case=sent)
    case_transition(case=arrived, actor=world.other_leader, name="accept")
    case_transition(case=kept, actor=world.leader, name="accept")

    province = periodic_report(user=world.province_leader, period=period, unit=world.province)
    commune = periodic_report(user=world.leader, period=period, unit=world.commune)
    other = periodic_report(user=world.other_leader, period=period, unit=world.other_commune)

    # Two citizens' petitions: the province received two, forwarded none out of itself,
    # moved one between its communes, and accepted both (once each).
    assert (province.received, province.forwarded_in) == (2, 0)
    assert (province.forwarded, province.forwarded_within, province.accepted) == (0, 1, 2)
    assert {line.code: line.count for line in province.by_channel}["forwarded"] == 0
    assert sum(line.count for line in province.by_kind) == 2
    # Each commune on its own: the first sent one out, the second received it.
    assert (commune.received, commune.forwarded, commune.accepted) == (2, 1, 1)
    assert (other.received, other.forwarded_in, other.accepted) == (1, 1, 1)
    assert {line.code: line.count for line in other.by_channel}["forwarded"] == 1
    # The province's table of forwarding by unit shows both ends.
    rows = {
        line.unit: (line.forwarded_in, line.forwarded_to_units, line.forwarded_to_agencies)
        for line in province.forwarding_by_unit
    }
    assert rows == {world.commune: (0, 1, 0), world.other_commune: (1, 0, 0)}


def test_forwarding_to_an_outside_agency_still_counts_as_forwarded(world):
    period = current_quarter(timezone.localdate())
    case_transition(
        case=register(world),
        actor=world.reception,
        name="forward",
        data={"to_agency": "Sở Tài nguyên và Môi trường"},
    )

    province = periodic_report(user=world.province_leader, period=period, unit=world.province)

    assert (province.received, province.forwarded, province.forwarded_within) == (1, 1, 0)
    [line] = province.forwarding_by_unit
    assert (line.forwarded_in, line.forwarded_to_units, line.forwarded_to_agencies) == (0, 0, 1)


def test_the_reports_pages_and_api_show_the_forwarding_figures(world, api):
    sent = register(world)
    case_transition(
        case=sent,
        actor=world.reception,
        name="forward",
        data={"to_unit": world.other_commune.code},
    )

    body = api(world.province_leader).get("/api/v1/reports/periodic/").json()

    assert body["figures"]["forwarded_within"] == 1
    assert body["figures"]["received"] == 1
    assert [row["unit"] for row in body["forwarding_by_unit"]] == [
        world.commune.code,
        world.other_commune.code,
    ]
