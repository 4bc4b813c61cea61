"""`manage.py generate_cases`: historical cases in bulk, consistent with what the services write."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.test import APIClient

from cases import tracking_codes
from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseUserObjectPermission,
    Petition,
    Status,
    User,
)
from workflows.selectors import inbox_tasks, unit_queue

COUNT = 2000


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generate once for the module, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = StringIO()
        # One process: other processes could not see this uncommitted transaction.
        call_command("generate_cases", count=COUNT, batch_size=500, workers=1, stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def test_generate_cases_writes_the_requested_number_of_cases_and_reports_its_rate(generated, db):
    assert Case.objects.count() == COUNT
    assert Petition.objects.count() >= COUNT
    assert "cases/s" in generated


def test_references_and_tracking_codes_are_unique_and_well_formed(generated, db):
    assert Case.objects.values("reference").distinct().count() == COUNT
    codes = list(Petition.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(tracking_codes.is_valid(code) for code in codes)


def test_every_case_numbers_its_events_from_1_to_its_version(generated, db):
    numbers = defaultdict(list)
    for case_id, sequence in CaseEvent.objects.values_list("case_id", "sequence"):
        numbers[case_id].append(sequence)
    for case_id, version in Case.objects.values_list("pk", "version"):
        assert sorted(numbers[case_id]) == list(range(1, version + 1)), case_id


def test_handlers_hold_the_permission_on_the_cases_they_verify(generated, db):
    verifying = Case.objects.filter(status__in=[Status.VERIFYING, Status.PROPOSED])
    assert verifying.exists()
    for case in verifying.select_related("handler"):
        assert case.handler.has_perm("cases.handle_case", case), case.reference


def test_a_handler_sees_the_generated_cases_assigned_to_them_through_the_api(generated, db):
    handler = User.objects.get(username="handler")
    assigned = set(
        CaseUserObjectPermission.objects.filter(user=handler).values_list(
            "content_object__reference", flat=True
        )
    )
    assert assigned
    client = APIClient()
    client.force_authenticate(handler)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(assigned)
    assert {row["reference"] for row in body["results"]} <= assigned


def test_open_generated_cases_wait_in_the_queues_and_sync_flows_repairs_nothing(generated, db):
    handler, reception = (
        User.objects.get(username="handler"),
        User.objects.get(username="reception"),
    )
    # A suspended verification waits in the handler's inbox, marked.
    verifying = Case.objects.filter(handler=handler).filter(
        Q(status=Status.VERIFYING)
        | Q(status=Status.SUSPENDED, suspended_from_status=Status.VERIFYING)
    )
    received = Case.objects.filter(unit=reception.unit, status=Status.RECEIVED)
    assert verifying.exists() and received.exists()
    assert {task.case for task in inbox_tasks(handler)} == set(verifying)
    queue = unit_queue(reception)
    assert {task.case for task in queue if task.flow_task.name == "process_petition"} == set(
        received
    )
    output = StringIO()
    call_command("sync_flows", "--check", stdout=output)
    call_command("sync_flows", stdout=output)
    assert "0 needed repair." in output.getvalue()


def test_open_cases_have_due_dates_and_some_are_overdue(generated, db):
    running = Case.objects.filter(status__in=OPEN_STATUSES - {Status.SUSPENDED})
    assert not running.filter(due_on__isnull=True).exists()
    assert running.filter(due_on__lt=timezone.localdate()).exists()


def test_parallel_workers_are_refused_inside_a_transaction(db):
    with pytest.raises(CommandError, match="--workers 1"):
        call_command("generate_cases", count=1, workers=2, stdout=StringIO())
