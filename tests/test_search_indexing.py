"""The index follows every change to a case at once; duplicate suggestions at intake."""

import pytest

from cases.services import PetitionerData, PetitionInput, case_transition, petition_register
from search.models import OutboxEntry
from search.query import SearchQuery
from search.selectors import duplicate_candidates, search_cases

from .factories import PETITIONER, case_in, register

SUBJECT = "Khiếu nại về bồi thường giải phóng mặt bằng dự án đường tránh Quốc lộ 37"


def found(user, text, **filters):
    return search_cases(user=user, query=SearchQuery(text=text, page_size=100, **filters))


def found_ids(user, text, **filters) -> list[int]:
    return [item.case.pk for item in found(user, text, **filters).results]


def status_facet(user, text) -> dict[str, int]:
    return {item["value"]: item["count"] for item in found(user, text).facets["status"]}


# Changes show at once.


def test_a_new_petition_is_found_at_once(world):
    case = register(world, subject="Phản ánh trại lợn xả thải ra suối Nà Héc")

    assert found_ids(world.leader, "trai lon xa thai") == [case.pk]
    assert not OutboxEntry.objects.exists()


def test_a_new_petition_is_found_by_its_tracking_code_at_once(world):
    case = register(world)
    code = case.petitions.get().tracking_code

    assert found_ids(world.leader, code.replace("-", "").lower()) == [case.pk]


def test_after_a_transition_the_status_facet_moves(world):
    case = register(world, subject=SUBJECT)
    assert status_facet(world.leader, "quoc lo 37") == {"received": 1}

    case = case_transition(case=case, actor=world.leader, name="accept")

    assert status_facet(world.leader, "quoc lo 37") == {"accepted": 1}
    assert found_ids(world.leader, "quoc lo 37", status="accepted") == [case.pk]
    assert found_ids(world.leader, "quoc lo 37", status="received") == []


def test_findings_become_searchable_once_reported(world):
    case = case_in(world, "verifying", subject=SUBJECT)
    assert found_ids(world.leader, "khoan mau be tong") == []

    case_transition(
        case=case,
        actor=world.handler,
        name="submit_report",
        data={"findings": "Kết quả khoan mẫu bê tông cho thấy mặt đường thiếu độ dày."},
    )

    assert found_ids(world.leader, "khoan mau be tong") == [case.pk]


def test_an_assignment_makes_the_case_findable_by_its_handler_at_once(world):
    case = case_in(world, "accepted", subject=SUBJECT)
    assert found_ids(world.handler, "quoc lo 37") == []

    case_transition(case=case, actor=world.leader, name="assign", data={"handler": "handler"})

    assert found_ids(world.handler, "quoc lo 37") == [case.pk]


def test_a_petition_joining_a_case_makes_its_petitioner_findable(world):
    case = register(world, subject=SUBJECT)
    petition_register(
        actor=world.reception,
        data=PetitionInput(
            kind="complaint",
            channel="post",
            subject=SUBJECT,
            content="Cùng nội dung với đơn trước.",
            locality=world.locality,
            field=world.field,
            petitioner=PetitionerData(full_name="Đặng Văn Đức"),
            duplicate_of=case,
        ),
    )

    assert found_ids(world.leader, "dang van duc") == [case.pk]


# Duplicate suggestions at intake.


@pytest.fixture
def open_case(world):
    return register(world, subject=SUBJECT)


def test_a_duplicate_is_suggested_by_the_same_id_number(world, open_case):
    suggested = duplicate_candidates(user=world.reception, id_number=PETITIONER.id_number)

    assert suggested == [open_case]


def test_a_duplicate_is_suggested_by_the_same_phone(world, open_case):
    suggested = duplicate_candidates(user=world.reception, phone=PETITIONER.phone)

    assert suggested == [open_case]


def test_a_duplicate_is_suggested_by_a_similar_subject_in_the_same_locality(world, open_case):
    suggested = duplicate_candidates(
        user=world.reception,
        subject="Khieu nai boi thuong duong tranh QL 37",
        locality=world.locality,
    )

    assert suggested == [open_case]


def test_a_similar_subject_in_another_locality_is_no_duplicate(world, open_case):
    suggested = duplicate_candidates(
        user=world.reception, subject=SUBJECT, locality=world.other_locality
    )

    assert suggested == []


def test_a_closed_case_is_never_suggested(world):
    case_in(world, "closed", subject=SUBJECT)

    assert duplicate_candidates(user=world.reception, id_number=PETITIONER.id_number) == []
    assert (
        duplicate_candidates(user=world.reception, subject=SUBJECT, locality=world.locality) == []
    )


def test_a_case_the_user_may_not_open_is_never_suggested(world):
    other = petition_register(
        actor=world.other_leader,
        data=PetitionInput(
            kind="complaint",
            channel="post",
            subject=SUBJECT,
            content="Đề nghị xem xét.",
            locality=world.locality,
            field=world.field,
            petitioner=PETITIONER,
        ),
    ).case

    assert duplicate_candidates(user=world.reception, id_number=PETITIONER.id_number) == []
    assert (
        duplicate_candidates(user=world.reception, subject=SUBJECT, locality=world.locality) == []
    )
    assert duplicate_candidates(user=world.other_leader, id_number=PETITIONER.id_number) == [other]


def test_the_same_person_comes_before_a_similar_subject(world):
    by_subject = register(world, subject=SUBJECT, anonymous=True, kind="feedback")
    by_person = register(world, subject="Khiếu nại việc cấp giấy chứng nhận")

    suggested = duplicate_candidates(
        user=world.reception,
        id_number=PETITIONER.id_number,
        subject=SUBJECT,
        locality=world.locality,
    )

    assert suggested == [by_person, by_subject]
