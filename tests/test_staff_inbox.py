"""The inbox: my steps, my unit's queue and every open case I may open, earliest due first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, Status

from .factories import case_in, register
from .staff_helpers import client_for


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the workflows' steps), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def references(rows) -> list[str]:
    return [getattr(row, "case", row).reference for row in rows]


def test_a_handler_sees_only_their_own_cases_and_steps(world, committed):
    with committed():
        mine = case_in(world, Status.VERIFYING)
        received = register(world, subject="Chưa giao")

    response = client_for(world.handler).get("/staff/inbox/")

    assert references(response.context["tasks"].page.object_list) == [mine.reference]
    assert references(response.context["cases"].page.object_list) == [mine.reference]
    assert received.reference not in response.content.decode()


def test_a_second_handler_does_not_see_the_first_handlers_case(world, committed):
    with committed():
        mine = case_in(world, Status.VERIFYING)

    response = client_for(world.second_handler).get("/staff/inbox/")

    assert mine.reference not in response.content.decode()


def test_a_received_case_waits_in_the_units_queue_until_someone_takes_it(world, committed):
    with committed():
        case = register(world)
    client = client_for(world.reception)

    before = client.get("/staff/inbox/").context
    task = before["queue"].page.object_list[0]
    client.post(f"/staff/tasks/{task.pk}/take/")
    after = client.get("/staff/inbox/").context

    assert references(before["queue"].page.object_list) == [case.reference]
    assert references(before["tasks"].page.object_list) == []
    assert references(after["tasks"].page.object_list) == [case.reference]
    assert references(after["queue"].page.object_list) == []


def test_open_cases_are_ordered_by_due_date_and_marked_overdue_and_due_soon(world):
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

    assert references(response.context["cases"].page.object_list) == [
        late.reference,
        soon.reference,
        later.reference,
    ]
    html = response.content.decode()
    assert html.count('<tr class="overdue">') == 1
    assert html.count('<tr class="due-soon">') == 1


def test_filters_narrow_by_kind_state_and_field(world, committed):
    with committed():
        complaint = register(world)
        feedback = register(world, kind="feedback", subject="Phản ánh đường hỏng")
    client = client_for(world.reception)

    by_kind = client.get("/staff/inbox/", {"kind": "feedback"}).context
    by_state = client.get("/staff/inbox/", {"status": "accepted"}).context

    assert references(by_kind["cases"].page.object_list) == [feedback.reference]
    assert references(by_kind["queue"].page.object_list) == [feedback.reference]
    assert complaint.reference not in references(by_kind["queue"].page.object_list)
    assert list(by_state["cases"].page.object_list) == []
    assert list(by_state["queue"].page.object_list) == []


def test_taking_a_step_keeps_the_inbox_filter_and_names_each_button_by_its_case(world, committed):
    with committed():
        case = register(world)
    client = client_for(world.reception)
    filtered = "/staff/inbox/?kind=complaint"
    page = client.get(filtered)
    task = page.context["queue"].page.object_list[0]

    taken = client.post(f"/staff/tasks/{task.pk}/take/", {"next": filtered})

    assert f'aria-label="Nhận việc {case.reference}"' in page.content.decode()
    assert taken.status_code == 302
    assert taken["Location"] == filtered


def test_taking_a_step_never_sends_the_user_off_the_site(world, committed):
    with committed():
        register(world)
    client = client_for(world.reception)
    task = client.get("/staff/inbox/").context["queue"].page.object_list[0]

    taken = client.post(f"/staff/tasks/{task.pk}/take/", {"next": "//evil.example/"})

    assert taken["Location"] == "/staff/inbox/"


def test_the_unit_queue_is_paged_and_its_badge_counts_every_step(world, committed):
    with committed():
        for number in range(22):
            register(world, subject=f"Đơn số {number}")
    client = client_for(world.reception)

    first = client.get("/staff/inbox/").context["queue"]
    second = client.get("/staff/inbox/", {"queue": 2}).context["queue"]

    assert first.page.paginator.count == 22
    assert len(first.page.object_list) + len(second.page.object_list) == 22
    assert first.next_link == "?queue=2"
