"""`manage.py send_reminders`: each handler and leader hears of exactly their overdue and
due-soon cases."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Status
from cases.services import case_transition
from workflows.notifications import digests
from workflows.tasks import send_reminders

from .factories import case_in

TODAY = date(2026, 12, 15)
DAY = timedelta(days=1)


@pytest.fixture
def staff_mail(world):
    for user in world.users().values():
        user.email = f"{user.username}@tiepdan.example"
        user.save(update_fields=["email"])
    return world


def due(case: Case, due_on: date, due_soon_on: date, **fields) -> Case:
    # The dates the deadline rules would give, set directly so that the days are exact.
    Case.objects.filter(pk=case.pk).update(due_on=due_on, due_soon_on=due_soon_on, **fields)
    return case


@pytest.fixture
def cases(staff_mail):
    world = staff_mail
    return {
        "overdue": due(case_in(world, Status.VERIFYING), TODAY - DAY, TODAY - 4 * DAY),
        "due_today": due(case_in(world, Status.VERIFYING), TODAY, TODAY - 3 * DAY),
        "due_soon": due(case_in(world, Status.ACCEPTED), TODAY + 2 * DAY, TODAY - DAY),
        "later": due(case_in(world, Status.VERIFYING), TODAY + 20 * DAY, TODAY + 15 * DAY),
        "closed_late": due(case_in(world, Status.CLOSED), TODAY - 9 * DAY, TODAY - 12 * DAY),
        "other_unit": due(
            case_in(world, Status.RECEIVED),
            TODAY - DAY,
            TODAY - 4 * DAY,
            unit=world.other_commune,
        ),
    }


def mail_to(username: str):
    messages = [message for message in mail.outbox if message.to == [f"{username}@tiepdan.example"]]
    assert len(messages) <= 1
    return messages[0] if messages else None


def named_in(text: str, cases: dict) -> set[str]:
    return {name for name, case in cases.items() if case.reference in text}


def test_each_digest_lists_exactly_the_overdue_and_due_soon_cases_its_reader_may_open(cases):
    call_command("send_reminders", "--date", TODAY.isoformat())

    leader, handler = mail_to("leader"), mail_to("handler")
    assert named_in(leader.body, cases) == {"overdue", "due_today", "due_soon"}
    assert named_in(handler.body, cases) == {"overdue", "due_today"}
    assert named_in(mail_to("province_leader").body, cases) == {
        "overdue",
        "due_today",
        "due_soon",
        "other_unit",
    }
    assert named_in(mail_to("other_leader").body, cases) == {"other_unit"}
    # Nothing due for them, or not their role: no mail at all.
    for username in ("handler2", "reception", "inspector", "administrator", "other_handler"):
        assert mail_to(username) is None


def test_the_digest_separates_overdue_from_due_soon(cases):
    by_user = {digest.user.username: digest for digest in digests(TODAY)}

    leader = by_user["leader"]
    assert leader.overdue == [cases["overdue"]]
    assert leader.due_soon == [cases["due_today"], cases["due_soon"]]


def test_a_handler_who_is_away_gets_no_digest(cases, world):
    world.handler.is_away = True
    world.handler.save(update_fields=["is_away"])
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert mail_to("handler") is None
    assert mail_to("leader") is not None


def test_the_celery_task_sends_todays_digest(staff_mail):
    world = staff_mail
    case = case_in(world, Status.VERIFYING)
    Case.objects.filter(pk=case.pk).update(due_on=timezone.localdate() - DAY)

    assert send_reminders.delay().get() == 3
    assert case.reference in mail_to("handler").body


def test_a_forwarded_petitions_overdue_report_is_in_the_forwarding_leaders_digest(staff_mail):
    world = staff_mail
    waiting = case_in(world, Status.RECEIVED)
    waiting = case_transition(
        case=waiting,
        actor=world.reception,
        name="forward",
        data={"to_unit": world.other_commune.code, "request_report": True},
    )
    Case.objects.filter(pk=waiting.pk).update(report_due_on=TODAY - DAY)

    call_command("send_reminders", "--date", TODAY.isoformat())

    leader = mail_to("leader")
    assert waiting.reference in leader.body
    assert "quá hạn báo cáo kết quả" in leader.body
    assert "1 báo cáo quá hạn" in leader.subject
    # The receiving commune's leader hears of the new case as of any other, not of the report.
    other = mail_to("other_leader")
    assert other is None or waiting.reference not in other.body
