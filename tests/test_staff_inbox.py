"""The inbox: my tasks and my unit's queue, earliest due first, overdue and due soon marked."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case, Status

from .factories import case_in, register
from .staff_helpers import client_for


def test_a_handler_sees_only_their_own_cases(world):
    mine = case_in(world, Status.VERIFYING)
    theirs = case_in(world, Status.VERIFYING, subject="Khiếu nại khác")
    Case.objects.filter(pk=theirs.pk).update(handler=world.second_handler)
    received = register(world, subject="Chưa giao")

    html = client_for(world.handler).get("/staff/inbox/").content.decode()

    assert mine.reference in html
    assert received.reference not in html


def test_a_second_handler_does_not_see_the_first_handlers_case(world):
    mine = case_in(world, Status.VERIFYING)

    html = client_for(world.second_handler).get("/staff/inbox/").content.decode()

    assert mine.reference not in html


def test_my_tasks_are_what_awaits_my_role(world):
    received = register(world)
    verifying = case_in(world, Status.VERIFYING, subject="Đang xác minh")

    response = client_for(world.leader).get("/staff/inbox/")

    tasks = [case.reference for case in response.context["tasks"]]
    queue = [case.reference for case in response.context["page"].object_list]
    assert tasks == [received.reference]
    assert set(queue) == {received.reference, verifying.reference}


def test_the_queue_is_ordered_by_due_date_and_marks_overdue_and_due_soon(world):
    today = timezone.localdate()
    late = register(world, subject="Quá hạn")
    soon = register(world, subject="Sắp đến hạn")
    later = register(world, subject="Còn lâu")
    Case.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=2), due_soon_on=today)
    Case.objects.filter(pk=soon.pk).update(due_on=today + timedelta(days=1), due_soon_on=today)
    Case.objects.filter(pk=later.pk).update(
        due_on=today + timedelta(days=30), due_soon_on=today + timedelta(days=25)
    )

    response = client_for(world.leader).get("/staff/inbox/")

    queue = [case.reference for case in response.context["page"].object_list]
    assert queue == [late.reference, soon.reference, later.reference]
    html = response.content.decode()
    assert html.count('class="overdue"') == 2  # in my tasks and in the queue
    assert html.count('class="due-soon"') == 2


def test_filters_narrow_by_kind_state_and_field(world):
    complaint = register(world)
    feedback = register(world, kind="feedback", subject="Phản ánh đường hỏng")

    response = client_for(world.leader).get("/staff/inbox/", {"kind": "feedback"})
    by_state = client_for(world.leader).get("/staff/inbox/", {"status": "accepted"})

    queue = [case.reference for case in response.context["page"].object_list]
    assert queue == [feedback.reference]
    assert complaint.reference not in queue
    assert list(by_state.context["page"].object_list) == []
