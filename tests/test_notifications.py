"""Who is told what: petitioners of receipt, acceptance and response; handlers of assignment."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils.formats import date_format

from cases.models import Status
from cases.services import PetitionerData, PetitionInput, petition_register
from workflows.services import case_act, case_assign

from . import workflow_support
from .factories import PETITIONER, case_in, register, resolve_data
from .workflow_support import received

committed = workflow_support.committed

PERSONAL = [PETITIONER.full_name, PETITIONER.address, PETITIONER.phone, PETITIONER.id_number]


@pytest.fixture
def staff_mail(world):
    for user in world.users().values():
        user.email = f"{user.username}@tiepdan.example"
        user.save(update_fields=["email"])
    return world


def carry(world, committed, case, steps):
    for name, actor, data in steps:
        with committed():
            if name == "assign":
                case = case_assign(actor=actor, case=case, handler=data["handler"])
            else:
                case = case_act(actor=actor, case=case, name=name, data=data)
    return case


def to_the_end(world):
    return [
        ("accept", world.leader, {}),
        ("assign", world.leader, {"handler": world.handler}),
        ("submit_report", world.handler, {"findings": "Đã xác minh."}),
        ("resolve", world.leader, resolve_data()),
        ("respond", world.reception, {"method": "post"}),
    ]


def test_the_petitioner_gets_a_receipt_with_the_tracking_code(world, committed):
    case = received(world, committed)
    code = case.petitions.get().tracking_code

    assert [message.to for message in mail.outbox] == [[PETITIONER.email]]
    assert code in mail.outbox[0].subject
    assert code in mail.outbox[0].body
    assert case.unit.name in mail.outbox[0].body


def test_nothing_is_sent_before_the_commit(world):
    with transaction.atomic():
        register(world)
        assert mail.outbox == []


def test_no_mail_goes_to_a_petitioner_without_an_address(world, committed):
    with committed():
        register(world, anonymous=True)
        petition_register(
            actor=world.reception,
            data=PetitionInput(
                kind="complaint",
                channel="post",
                subject="Khiếu nại",
                content="Nội dung",
                locality=world.locality,
                field=world.field,
                petitioner=PetitionerData(full_name="Trần Văn Nam", phone="0987654321"),
            ),
        )
    assert mail.outbox == []


def test_the_complainant_hears_of_acceptance_and_response_and_the_handler_of_assignment(
    staff_mail, committed
):
    world = staff_mail
    case = received(world, committed)
    mail.outbox.clear()

    case = carry(world, committed, case, to_the_end(world))

    assert case.status == Status.RESPONDED
    sent = [(message.to, message.subject) for message in mail.outbox]
    assert [to for to, _subject in sent] == [
        [PETITIONER.email],
        ["handler@tiepdan.example"],
        [PETITIONER.email],
    ]
    acceptance, assignment, response = mail.outbox
    assert date_format(case.resolution_due_on, "SHORT_DATE_FORMAT") in acceptance.body
    assert case.reference in assignment.subject
    assert resolve_data()["public_summary"] in response.body
    assert resolve_data()["decision_number"] in response.body


def test_a_reassignment_tells_the_new_handler(staff_mail, committed):
    world = staff_mail
    case = case_in(world, Status.VERIFYING)
    with committed():
        case_assign(actor=world.leader, case=case, handler=world.second_handler)
    assert [message.to for message in mail.outbox] == [["handler2@tiepdan.example"]]


def test_a_petition_joining_a_case_gets_its_own_receipt(world, committed):
    case = received(world, committed)
    mail.outbox.clear()
    with committed():
        petition = petition_register(
            actor=world.reception,
            data=PetitionInput(
                kind="complaint",
                channel="post",
                subject="Khiếu nại cùng nội dung",
                content="Nội dung",
                locality=world.locality,
                field=world.field,
                petitioner=PetitionerData(full_name="Lê Văn Ba", email="ba@example.vn"),
                duplicate_of=case,
            ),
        )
    code = petition.tracking_code
    assert [message.to for message in mail.outbox] == [["ba@example.vn"]]
    assert code in mail.outbox[0].body


def test_no_mail_about_a_denunciation_names_the_denouncer(staff_mail, committed):
    world = staff_mail
    case = received(world, committed, kind="denunciation")
    carry(world, committed, case, to_the_end(world))
    with committed():
        case_act(
            actor=world.leader,
            case=case_in(world, Status.ACCEPTED, kind="denunciation"),
            name="suspend",
            data={"reason": "Chờ."},
        )

    assert len(mail.outbox) >= 4
    for message in mail.outbox:
        for text in PERSONAL:
            assert text not in message.subject
            assert text not in message.body


def test_a_handler_is_not_told_of_a_case_reassigned_away_in_the_same_transaction(
    staff_mail, committed
):
    world = staff_mail
    case = case_in(world, Status.ACCEPTED)
    with committed():
        case = case_assign(actor=world.leader, case=case, handler=world.handler)
        case_assign(actor=world.leader, case=case, handler=world.second_handler)
    assert [message.to for message in mail.outbox] == [["handler2@tiepdan.example"]]


def test_a_handler_is_not_told_of_a_case_already_reported_on_when_the_mail_goes(
    staff_mail, committed
):
    world = staff_mail
    case = case_in(world, Status.ACCEPTED)
    with committed():
        case = case_assign(actor=world.leader, case=case, handler=world.handler)
        case_act(actor=world.handler, case=case, name="submit_report", data={"findings": "Xong."})
    assert mail.outbox == []


def test_the_petitioner_is_told_where_a_forwarded_petition_went_and_the_new_unit_sends_no_receipt(
    world, committed
):
    case = received(world, committed)
    code = case.petitions.get().tracking_code
    mail.outbox.clear()

    carry(
        world,
        committed,
        case,
        [("forward", world.reception, {"to_unit": world.other_commune.code})],
    )

    [message] = mail.outbox
    assert message.to == [PETITIONER.email]
    assert code in message.subject
    assert world.other_commune.name in message.body
    assert not any(value in message.body for value in PERSONAL)
