import threading

import pytest
from django.db import connection

from cases.exceptions import CaseConflict, NotAllowedInState
from cases.models import Case, CaseEvent, Status
from cases.services import case_transition

from .factories import build_world, case_in

THREADS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_leaders_accepting_at_once_gives_one_success_and_nineteen_conflicts():
    world = build_world()
    case = case_in(world, Status.RECEIVED)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept():
        try:
            barrier.wait()
            case_transition(
                case=Case.objects.get(pk=case.pk), actor=world.leader, name="accept", data={}
            )
            result = "ok"
        except (NotAllowedInState, CaseConflict):
            result = "conflict"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert case.version == 2
