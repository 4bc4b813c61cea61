"""Forwarding to a unit of this system (docs/lifecycle.md#transitions): the linked case, the
code that follows the petition, follow-up, and a denouncer's identity on both sides."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.deadlines import WorkingCalendar
from cases.exceptions import InvalidInput, NotAllowedInState
from cases.identity import IdentityHidden, Purpose, identity_reveal
from cases.models import Case, CaseEvent, Channel, DeadlineRule, IdentityAccess, Status
from cases.selectors import forwarded_cases, public_status
from cases.services import case_transition
from workflows.models import CaseProcess

from .factories import PETITIONER, World, register, resolve_data
from .staff_helpers import client_for

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def forward(world: World, case: Case, unit, *, actor=None, **extra) -> Case:
    data = {"to_unit": unit.code, **extra}
    return case_transition(case=case, actor=actor or world.reception, name="forward", data=data)


def received_there(case: Case) -> Case:
    return Case.objects.get(forwarded_from_case=case)


def carry_to_decision(world: World, case: Case) -> Case:
    """The other commune's leader and handler accept, verify and resolve the case."""
    leader, handler = world.other_leader, world.other_handler
    case = case_transition(case=case, actor=leader, name="accept")
    case = case_transition(
        case=case, actor=leader, name="assign", data={"handler": handler.username}
    )
    case = case_transition(
        case=case, actor=handler, name="submit_report", data={"findings": "Đã xác minh."}
    )
    return case_transition(case=case, actor=leader, name="resolve", data=resolve_data())


def test_forwarding_to_a_unit_receives_a_linked_case_there_with_the_petition(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("don.png", PNG, content_type="image/png")
    original = register(world, files=[scan])
    petition = original.petitions.get()

    with django_capture_on_commit_callbacks(execute=True):
        original = forward(world, original, world.other_commune)

    new = received_there(original)
    assert original.status == Status.FORWARDED
    assert original.forwarded_to_unit == world.other_commune
    assert original.forwarded_to == world.other_commune.name
    assert (new.unit, new.status, new.kind) == (world.other_commune, Status.RECEIVED, "complaint")
    assert new.forwarded_from_case == original
    assert new.reference != original.reference
    copy = new.petitions.get()
    assert copy.tracking_code == petition.tracking_code
    assert copy.source_petition == petition
    assert copy.channel == Channel.FORWARDED
    assert copy.forwarded_from == world.commune.name
    assert copy.petitioner == petition.petitioner
    assert (copy.subject, copy.content) == (petition.subject, petition.content)
    with copy.attachments.get().file.open("rb") as stored:
        assert stored.read() == PNG
    # Its own time limits, counted from its own date of receipt.
    today = timezone.localdate()
    assert timezone.localdate(new.received_at) == today
    assert new.processing_due_on == WorkingCalendar.load().nth_working_day_after(today, 10)[0]
    assert [e.action for e in new.events.all()] == ["forwarded_in"]
    # The receiving unit's flow starts, as for any petition received.
    assert CaseProcess.objects.filter(case=new).exists()
    # The forwarding unit keeps its case and its petition as they were.
    assert original.petitions.get() == petition


def test_the_tracking_code_follows_the_petition_to_the_unit_now_handling_it(world):
    original = register(world)
    code = original.petitions.get().tracking_code

    forward(world, original, world.other_commune)
    case_transition(case=received_there(original), actor=world.other_leader, name="accept")

    found = public_status(code)
    assert found.unit == world.other_commune.name
    assert found.status == Status.ACCEPTED
    assert found.received_at == timezone.localdate(original.received_at)
    assert [step["unit"] for step in found.forwarding] == [world.other_commune.name]


def test_a_petition_forwarded_twice_shows_both_steps(world):
    original = register(world)
    code = original.petitions.get().tracking_code

    forward(world, original, world.other_commune)
    forward(world, received_there(original), world.province, actor=world.other_leader)

    found = public_status(code)
    assert found.unit == world.province.name
    assert found.status == Status.RECEIVED
    assert [step["unit"] for step in found.forwarding] == [
        world.other_commune.name,
        world.province.name,
    ]
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert found.forwarding[0]["text"] == f"Chuyển đến UBND xã Bình Minh ngày {day}"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_unit": "ubnd-xa-b", "to_agency": "Sở Xây dựng"}, "to_agency"),
        ({}, "to_unit"),
        ({"to_unit": "ubnd-xa-a"}, "to_unit"),
        ({"to_unit": "no-such-unit"}, "to_unit"),
        ({"to_agency": "Sở Xây dựng", "request_report": True}, "request_report"),
    ],
)
def test_forwarding_names_one_other_destination_or_is_refused(world, data, field):
    case = register(world)

    with pytest.raises(InvalidInput) as refused:
        case_transition(case=case, actor=world.reception, name="forward", data=data)

    assert field in refused.value.errors
    assert Case.objects.get(pk=case.pk).status == Status.RECEIVED
    assert not Case.objects.filter(forwarded_from_case=case).exists()


def test_a_report_asked_at_forwarding_is_due_by_the_follow_up_rule(world):
    case = forward(world, register(world), world.other_commune, request_report=True)

    today = timezone.localdate()
    assert case.report_requested_on == today
    # Agency rule: 45 days for a complaint, moved off a day off.
    assert case.report_due_on == WorkingCalendar.load().next_working_day(today + timedelta(45))
    event = case.events.get(action="forward")
    assert event.data["fields"]["request_report"] is True


def test_a_report_may_be_asked_after_forwarding_once(world):
    case = forward(world, register(world), world.other_commune)
    assert case.report_due_on is None

    case = case_transition(case=case, actor=world.leader, name="request_report")

    assert case.report_requested_on == timezone.localdate()
    assert case.report_due_on is not None
    with pytest.raises(NotAllowedInState):
        case_transition(case=case, actor=world.leader, name="request_report")


def test_no_report_is_asked_of_an_outside_agency(world):
    case = case_transition(
        case=register(world),
        actor=world.reception,
        name="forward",
        data={"to_agency": "Sở Xây dựng"},
    )

    with pytest.raises(NotAllowedInState):
        case_transition(case=case, actor=world.leader, name="request_report")


def test_the_receiving_units_decision_reaches_the_forwarding_case_as_an_event(world):
    original = forward(world, register(world), world.other_commune, request_report=True)
    version = original.version

    carry_to_decision(world, received_there(original))

    original.refresh_from_db()
    event = original.events.get(action="forward_result")
    assert event.data["fields"] == {
        "unit": world.other_commune.code,
        "result": "resolve",
        "status": Status.RESOLVED,
        "outcome": "partly_upheld",
        "decision_number": "15/QĐ-UBND",
        "decision_date": timezone.localdate().isoformat(),
    }
    assert (event.from_status, event.to_status) == (Status.FORWARDED, Status.FORWARDED)
    assert original.report_received_on == timezone.localdate()
    assert original.version == version + 1
    assert original.status == Status.FORWARDED


def test_no_report_is_asked_once_the_answer_has_come(world):
    original = forward(world, register(world), world.other_commune)
    carry_to_decision(world, received_there(original))
    original.refresh_from_db()

    with pytest.raises(NotAllowedInState):
        case_transition(case=original, actor=world.leader, name="request_report")

    original.refresh_from_db()
    assert original.report_requested_on is None
    assert not original.awaits_report


def test_forwarding_on_is_news_and_the_final_decision_reaches_every_unit_before(world):
    first = forward(world, register(world), world.other_commune, request_report=True)
    second = forward(world, received_there(first), world.province, actor=world.other_leader)
    first.refresh_from_db()
    assert first.events.get(action="forward_result").data["fields"]["result"] == "forward"
    assert first.awaits_report

    last = received_there(second)
    case_transition(
        case=last, actor=world.province_leader, name="guide", data={"note": "Gửi Tòa án."}
    )

    first.refresh_from_db()
    assert [e.data["fields"]["result"] for e in first.events.filter(action="forward_result")] == [
        "forward",
        "guide",
    ]
    assert not first.awaits_report
    assert CaseEvent.objects.filter(case=second, action="forward_result").count() == 1


def test_forwarding_on_to_an_outside_agency_answers_the_report(world):
    """The petition leaves the system there: the report is received and nothing stays overdue."""
    original = forward(world, register(world), world.other_commune, request_report=True)
    later = original.report_due_on + timedelta(days=1)

    case_transition(
        case=received_there(original),
        actor=world.other_leader,
        name="forward",
        data={"to_agency": "Tòa án nhân dân tỉnh"},
    )

    original.refresh_from_db()
    assert original.report_received_on == timezone.localdate()
    assert not original.awaits_report
    [row] = forwarded_cases(world.leader, later)
    assert row.ended_without_decision
    assert not row.is_overdue
    assert forwarded_cases(world.leader, later, overdue_only=True) == []


def test_the_forwarded_list_shows_the_state_there_the_result_and_what_is_overdue(world):
    original = forward(world, register(world), world.other_commune, request_report=True)
    later = original.report_due_on + timedelta(days=1)

    [row] = forwarded_cases(world.leader, later)
    assert row.current == received_there(original)
    assert row.units == [world.other_commune.name]
    assert row.current_visible is False
    assert row.is_overdue
    assert forwarded_cases(world.leader, later, overdue_only=True) == [row]

    carry_to_decision(world, received_there(original))

    [row] = forwarded_cases(world.leader, later)
    assert row.current.status == Status.RESOLVED
    assert not row.is_overdue
    assert forwarded_cases(world.leader, later, overdue_only=True) == []
    page = client_for(world.leader).get("/staff/forwarded/").content.decode()
    assert original.reference in page
    assert "15/QĐ-UBND" in page
    assert "Đã có quyết định / kết luận" in page


def test_a_forwarded_denouncer_is_seen_by_the_receiving_leader_and_handler_and_no_one_more(
    world,
):
    original = forward(world, register(world, kind="denunciation"), world.other_commune)
    new = received_there(original)
    new = case_transition(case=new, actor=world.other_leader, name="accept")
    new = case_transition(
        case=new,
        actor=world.other_leader,
        name="assign",
        data={"handler": world.other_handler.username},
    )
    mine, theirs = original.petitions.get(), new.petitions.get()
    assert theirs.identity_protected

    for user, petition in (
        (world.other_leader, theirs),
        (world.other_handler, theirs),
        # The forwarding unit keeps what it had: the officer who received it, its leader.
        (world.reception, mine),
        (world.leader, mine),
    ):
        shown = identity_reveal(user=user, petition=petition, purpose=Purpose.CASE_PAGE)
        assert shown.petitioner.full_name == PETITIONER.full_name
    for user, petition in (
        (world.reception, theirs),
        (world.leader, theirs),
        (world.province_leader, theirs),
        (world.province_leader, mine),
        (world.other_leader, mine),
    ):
        with pytest.raises(IdentityHidden):
            identity_reveal(user=user, petition=petition, purpose=Purpose.CASE_PAGE)
    # Every view is logged, on the case it was seen in.
    assert IdentityAccess.objects.filter(case=new).count() == 2
    assert IdentityAccess.objects.filter(case=original).count() == 2


def test_the_denunciation_forwarding_limit_is_counted_and_shown(world):
    case = register(world, kind="denunciation")

    page = client_for(world.reception).get(f"/staff/cases/{case.reference}/")

    html = page.content.decode()
    five = WorkingCalendar.load().nth_working_day_after(timezone.localdate(), 5)[0]
    assert "Luật Tố cáo 2018, Điều 24" in html
    assert five.strftime("%d/%m/%Y") in html
    assert "Chuyển đơn không thuộc thẩm quyền" in html


def test_a_change_of_the_follow_up_rule_moves_the_reports_still_awaited(
    world, django_capture_on_commit_callbacks
):
    waiting = forward(world, register(world), world.other_commune, request_report=True)
    answered = forward(world, register(world), world.other_commune, request_report=True)
    carry_to_decision(world, received_there(answered))
    answered.refresh_from_db()
    rule = DeadlineRule.objects.get(kind="complaint", step=DeadlineRule.Step.FOLLOW_UP)

    with django_capture_on_commit_callbacks(execute=True):
        rule.days = 60
        rule.save()

    today = timezone.localdate()
    waiting.refresh_from_db()
    assert waiting.report_due_on == WorkingCalendar.load().next_working_day(today + timedelta(60))
    # An answered report keeps the date it was judged by.
    assert Case.objects.get(pk=answered.pk).report_due_on == answered.report_due_on
