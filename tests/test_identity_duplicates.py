"""Duplicate hints at the desk never tell who denounced.

The hints: docs/search.md#duplicate-hints-at-intake.
"""

import pytest

from cases.models import IdentityAccess, Status

from .factories import PETITIONER, register
from .identity_support import DENOUNCER, denunciation_in, more_staff
from .staff_helpers import client_for


def hints(user, **typed) -> str:
    response = client_for(user).post("/staff/desk/duplicates/", typed)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def case(world):
    return denunciation_in(world, Status.RECEIVED, scan=False)


@pytest.mark.parametrize("typed", [{"id_number": DENOUNCER.id_number}, {"phone": "0987 001 122"}])
def test_the_receiving_officer_and_the_units_leader_are_told_the_same_person_denounced(
    world, case, typed
):
    assert case.reference in hints(world.reception, **typed)
    assert case.reference in hints(world.leader, **typed)
    assert not IdentityAccess.objects.exists()


@pytest.mark.parametrize("typed", [{"id_number": DENOUNCER.id_number}, {"phone": DENOUNCER.phone}])
def test_others_at_the_desk_are_not_told_that_this_person_denounced(world, case, typed):
    staff = more_staff(world)

    assert case.reference not in hints(world.province_leader, **typed)
    assert case.reference not in hints(staff["second_reception"], **typed)


def test_a_complainant_is_still_found_by_id_number_by_anyone_who_may_open_the_case(world):
    complaint = register(world)
    staff = more_staff(world)

    assert complaint.reference in hints(staff["second_reception"], id_number=PETITIONER.id_number)
    assert complaint.reference in hints(world.province_leader, id_number=PETITIONER.id_number)


def test_hints_are_asked_by_post_so_no_id_number_is_written_in_a_url(world):
    response = client_for(world.reception).get(
        "/staff/desk/duplicates/", {"id_number": DENOUNCER.id_number}
    )

    assert response.status_code == 405
