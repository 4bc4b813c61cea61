"""Mail waits in the outbox with its event and goes out once, whatever fails on the way."""

from django.core import mail
from django.db import transaction

from workflows.models import MailOutbox
from workflows.notifications import mail_deliver, mail_sweep

from . import workflow_support
from .factories import PETITIONER, register
from .workflow_support import received

committed = workflow_support.committed


def test_the_receipt_is_written_down_with_the_petition_and_sent_after_the_commit(world, committed):
    case = received(world, committed)

    entry = MailOutbox.objects.get()
    assert entry.event.case == case
    assert entry.sent == 1
    assert entry.delivered_at is not None
    assert [message.to for message in mail.outbox] == [[PETITIONER.email]]


def test_mail_refused_by_the_server_waits_and_goes_out_once_when_it_is_back(
    world, committed, settings
):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    received(world, committed)
    entry = MailOutbox.objects.get()
    assert entry.delivered_at is None
    assert "mail server is down" in entry.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MailOutbox.objects.update(claimed_until=None, created_at=entry.created_at.replace(year=2000))
    sent = mail_sweep()
    again = mail_sweep()

    assert (sent, again) == (1, 0)
    assert [message.to for message in mail.outbox] == [[PETITIONER.email]]
    assert MailOutbox.objects.get().delivered_at is not None


def test_a_lost_wake_up_is_caught_by_the_sweep(world):
    # Committed here, but the callback that wakes a worker never runs (a process killed).
    with transaction.atomic():
        register(world)
    MailOutbox.objects.update(created_at=MailOutbox.objects.get().created_at.replace(year=2000))

    assert mail_sweep() == 1
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_nothing_more_and_keeps_one_message_id(world, committed):
    received(world, committed)
    event_id = MailOutbox.objects.get().pk

    assert mail_deliver(event_id) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<tiepdan.event-{event_id}.0@localhost>"


def test_a_delivery_claimed_by_another_worker_is_left_to_it(world):
    with transaction.atomic():
        register(world)
    entry = MailOutbox.objects.get()
    MailOutbox.objects.filter(pk=entry.pk).update(claimed_until=entry.created_at.replace(year=3000))

    assert mail_deliver(entry.pk) == 0
    assert mail.outbox == []
