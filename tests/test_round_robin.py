"""The unit's queue hands cases out in turn among its active handlers who are not away."""

import threading
from collections import Counter

import pytest
from django.db import connection

from cases.exceptions import InvalidInput
from cases.models import Case, Status
from cases.permissions import Role
from workflows.services import case_assign

from .factories import build_world, case_in, make_user


def add_handlers(world):
    third = make_user("handler3", unit=world.commune, role=Role.HANDLER)
    away = make_user("handler_away", unit=world.commune, role=Role.HANDLER, is_away=True)
    make_user("handler_gone", unit=world.commune, role=Role.HANDLER, is_active=False)
    return third, away


def test_nine_cases_go_three_each_to_three_handlers_skipping_one_who_is_away(world):
    third, away = add_handlers(world)
    cases = [case_in(world, Status.ACCEPTED) for _ in range(9)]

    handlers = [case_assign(actor=world.leader, case=case).handler for case in cases]

    assert Counter(handlers) == {world.handler: 3, world.second_handler: 3, third: 3}
    # In turn, not merely in equal numbers.
    assert handlers[:3] == handlers[3:6] == handlers[6:]
    assert away not in handlers


def test_a_handler_back_from_leave_rejoins_the_turn(world):
    _third, away = add_handlers(world)
    away.is_away = False
    away.save(update_fields=["is_away"])
    cases = [case_in(world, Status.ACCEPTED) for _ in range(8)]
    handlers = Counter(case_assign(actor=world.leader, case=case).handler for case in cases)
    assert handlers[away] == 2


def test_reassigning_through_the_queue_moves_the_case_to_another_handler(world):
    case = case_in(world, Status.VERIFYING)
    assert case.handler == world.handler
    case = case_assign(actor=world.leader, case=case)
    assert case.status == Status.VERIFYING
    assert case.handler == world.second_handler


def test_a_unit_with_every_handler_away_refuses_to_hand_out_a_case(world):
    for handler in (world.handler, world.second_handler):
        handler.is_away = True
        handler.save(update_fields=["is_away"])
    case = case_in(world, Status.ACCEPTED)
    with pytest.raises(InvalidInput) as refused:
        case_assign(actor=world.leader, case=case)
    assert "handler" in refused.value.errors
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_a_leader_can_still_pick_a_handler_by_name(world):
    case = case_in(world, Status.ACCEPTED)
    case = case_assign(actor=world.leader, case=case, handler=world.second_handler)
    assert case.handler == world.second_handler


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leaders_handing_out_cases_at_once_never_give_the_same_turn():
    world = build_world()
    third, _away = add_handlers(world)
    cases = [case_in(world, Status.ACCEPTED) for _ in range(6)]
    barrier = threading.Barrier(len(cases))
    given: list = []
    lock = threading.Lock()

    def assign(case):
        try:
            barrier.wait()
            handler = case_assign(actor=world.leader, case=Case.objects.get(pk=case.pk)).handler
            with lock:
                given.append(handler)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(given) == {world.handler: 2, world.second_handler: 2, third: 2}
