"""Mail about cases: petitioners hear of receipt, acceptance, forwarding and response; handlers of
their assignments; handlers and leaders get a daily digest of what is due.

Only after commit (see `receivers`), rendered from translatable templates that never name
a petitioner: a denouncer's identity stays out of every mail
(docs/denouncer-protection.md#where-identities-never-appear). A denouncer's own address is
read through `cases.identity.identity_for_mail`, which logs the system's use.

An event's mail waits in `MailOutbox`, written with the event, and goes out once: each
message is counted as sent as soon as the mail server took it and carries a Message-ID
made from the event, so a receiver can also tell a repeat apart (docs/operations.md#mail).
Messages are rendered when they are sent, so no address is stored beside them.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import InterfaceError, OperationalError
from django.db import connection as database
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.identity import identity_for_mail, with_identities
from cases.models import Case, CaseEvent, Petition, Status
from cases.permissions import Role
from cases.selectors import cases_visible_to, due_soon_cases, follow_up_overdue, overdue_cases

from .models import MailOutbox

logger = logging.getLogger(__name__)

# Which case events the petitioner hears of, and with which template.
PETITIONER_TEMPLATES = {
    "received": "receipt",
    "petition_joined": "receipt",
    "accept": "accepted",
    # Forwarding is told to the petitioner (for a denouncer, Luật Tố cáo 2018, Điều 24).
    "forward": "forwarded",
    "respond": "response",
}
HANDLER_TEMPLATES = {"assign": "assigned", "reassign": "assigned"}
NOTIFIED_ACTIONS = frozenset(PETITIONER_TEMPLATES) | frozenset(HANDLER_TEMPLATES)
TEMPLATE_DIR = "workflows/email"


def _message(template: str, context: dict, to: list[str]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{TEMPLATE_DIR}/{template}_subject.txt", context)
        body = render_to_string(f"{TEMPLATE_DIR}/{template}_body.txt", context)
    # A header cannot hold a line break.
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to)


def _addresses(petition: Petition) -> list[str]:
    people = identity_for_mail(petition).people
    return sorted({person.email for person in people if person.email})


def _petitioner_messages(event: CaseEvent, template: str) -> list[EmailMessage]:
    petitions = with_identities(event.case.petitions.all())
    if template == "receipt":
        # A receipt is for the petition just received, not for the others of the case.
        petitions = petitions.filter(tracking_code=event.data.get("tracking_code"))
    messages, sent_to = [], set()
    for petition in petitions:
        to = [address for address in _addresses(petition) if address not in sent_to]
        if not to:
            continue
        sent_to.update(to)
        context = {"case": event.case, "petition": petition, "event": event}
        messages.append(_message(template, context, to))
    return messages


def _handler_messages(event: CaseEvent, template: str) -> list[EmailMessage]:
    username = event.data.get("fields", {}).get("handler")
    handler = get_user_model().objects.filter(username=username, is_active=True).first()
    # Steps committed together (a batch, an import) tell a handler only of the cases that
    # still wait for their verification.
    case = event.case
    still_theirs = case.handler_id == handler.pk if handler else False
    if not (still_theirs and handler.email and case.status == Status.VERIFYING):
        return []
    context = {"case": event.case, "handler": handler, "event": event}
    return [_message(template, context, [handler.email])]


def event_messages(event: CaseEvent) -> list[EmailMessage]:
    """Return the mail a committed case event calls for (possibly none)."""
    if event.action in PETITIONER_TEMPLATES:
        return _petitioner_messages(event, PETITIONER_TEMPLATES[event.action])
    if event.action in HANDLER_TEMPLATES:
        return _handler_messages(event, HANDLER_TEMPLATES[event.action])
    return []


MAX_BACKOFF = timedelta(minutes=30)


def message_id(event: CaseEvent, index: int) -> str:
    """Return the Message-ID of the event's `index`-th message, the same at every attempt."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<tiepdan.event-{event.pk}.{index}@{domain}>"


def _claim_lapses():
    # Long enough for one message to time out; renewed after each message sent.
    return timezone.now() + timedelta(seconds=2 * settings.EMAIL_TIMEOUT)


def _claim(event_id: int, now) -> MailOutbox | None:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    taken = MailOutbox.objects.filter(free, pk=event_id, delivered_at__isnull=True).update(
        claimed_until=_claim_lapses(), attempts=F("attempts") + 1
    )
    return MailOutbox.objects.get(pk=event_id) if taken == 1 else None


def mail_deliver(event_id: int) -> int:
    """Send the mail of one case event still in the outbox; return how many messages went.

    Nothing happens if the entry is delivered or another worker holds it. A failure leaves
    the entry, backed off, for the sweep; the messages sent before it stay counted.
    """
    now = timezone.now()
    entry = _claim(event_id, now)
    if entry is None:
        return 0
    event = CaseEvent.objects.select_related("case__unit", "case__field", "actor").get(pk=event_id)
    outbox = MailOutbox.objects.filter(pk=event_id)
    sent = 0
    try:
        messages = event_messages(event)
        connection = get_connection()
        for index, message in enumerate(messages[entry.sent :], start=entry.sent):
            message.extra_headers["Message-ID"] = message_id(event, index)
            connection.send_messages([message])
            _count_sent(event_id, index + 1)
            sent += 1
    except Exception as exc:
        backoff = min(timedelta(seconds=2**entry.attempts), MAX_BACKOFF)
        outbox.update(claimed_until=timezone.now() + backoff, last_error=str(exc)[:1000])
        logger.warning("mail of event %s not sent; retried later", event_id, exc_info=True)
        return sent
    outbox.update(delivered_at=timezone.now(), claimed_until=None, last_error="")
    return sent


def _count_sent(event_id: int, sent: int, attempts: int = 3) -> None:
    """Save how many of the event's messages went, and renew the claim.

    The mail server has taken the message: were the count lost, the message would go again.
    So a connection the database cut is replaced and the count saved on the new one.
    """
    for attempt in range(1, attempts + 1):
        try:
            MailOutbox.objects.filter(pk=event_id).update(sent=sent, claimed_until=_claim_lapses())
            return
        except (OperationalError, InterfaceError):
            if attempt == attempts or database.in_atomic_block:
                raise
            database.close()


def mail_sweep(*, older_than: timedelta = timedelta(seconds=5)) -> int:
    """Send the mail left in the outbox (its wake-up lost, or failed); return messages sent.

    Entries younger than `older_than` are left to the worker their commit woke.
    """
    now = timezone.now()
    pending = (
        MailOutbox.objects.filter(delivered_at__isnull=True, created_at__lt=now - older_than)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    return sum(mail_deliver(event_id) for event_id in pending)


@dataclass(frozen=True)
class Digest:
    """What one member of staff is told each morning."""

    user: object
    overdue: list[Case]
    due_soon: list[Case]
    # Cases forwarded inside the system whose report did not come by its due date.
    follow_ups: list[Case]


def digests(today: date) -> list[Digest]:
    """Return a digest for each handler and leader who has overdue or due-soon cases, or
    forwarded cases whose report is overdue.

    The cases are those the person may open (`cases_visible_to`): a handler's own, a
    leader's unit and the units below. Staff marked away are not written to.
    """
    staff = (
        get_user_model()
        .objects.filter(is_active=True, is_away=False, groups__name__in=[Role.HANDLER, Role.LEADER])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    result = []
    for user in staff:
        visible = cases_visible_to(user)
        cases = list(
            visible.filter(overdue_cases(today) | due_soon_cases(today))
            .select_related("unit")
            .order_by("due_on", "reference")
        )
        follow_ups = list(visible.filter(follow_up_overdue(today)).order_by("report_due_on", "pk"))
        if cases or follow_ups:
            overdue = [case for case in cases if case.is_overdue(today)]
            due_soon = [case for case in cases if not case.is_overdue(today)]
            result.append(
                Digest(user=user, overdue=overdue, due_soon=due_soon, follow_ups=follow_ups)
            )
    return result


def send_reminders(today: date | None = None) -> int:
    """Send the daily digest of overdue and due-soon cases and overdue reports; return how many
    went."""
    today = today or timezone.localdate()
    messages = [
        _message(
            "digest",
            {
                "user": digest.user,
                "overdue": digest.overdue,
                "due_soon": digest.due_soon,
                "follow_ups": digest.follow_ups,
                "today": today,
            },
            [digest.user.email],
        )
        for digest in digests(today)
    ]
    return _send(messages)


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
