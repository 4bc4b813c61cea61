from cases.models import Status
from cases.selectors import cases_visible_to
from cases.services import case_transition

from .factories import case_in


def test_assignment_grants_the_handler_the_case_and_reassignment_moves_it(world, api):
    case = case_in(world, Status.VERIFYING)
    assert world.handler.has_perm("cases.handle_case", case)
    assert case in cases_visible_to(world.handler)
    assert case not in cases_visible_to(world.second_handler)

    case_transition(case=case, actor=world.leader, name="reassign", data={"handler": "handler2"})

    handler, second = type(world.handler).objects.get(pk=world.handler.pk), world.second_handler
    second = type(second).objects.get(pk=second.pk)  # guardian caches permissions per user object
    assert not handler.has_perm("cases.handle_case", case)
    assert second.has_perm("cases.handle_case", case)
    assert api(world.handler).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert api(world.second_handler).get(f"/api/v1/cases/{case.reference}/").status_code == 200


def test_a_handler_sees_only_the_cases_assigned_to_them(world, api):
    mine = case_in(world, Status.VERIFYING)
    case_in(world, Status.ACCEPTED)
    response = api(world.handler).get("/api/v1/cases/")
    assert [row["reference"] for row in response.json()["results"]] == [mine.reference]
    assert api(world.other_handler).get(f"/api/v1/cases/{mine.reference}/").status_code == 404
