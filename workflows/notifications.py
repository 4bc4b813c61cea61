"""Mail about cases: petitioners hear of receipt, acceptance, forwarding and response; handlers of
their assignments; handlers and leaders get a daily digest of what is due.

Only after commit (see `receivers`), rendered from translatable templates that never name
a petitioner: a denouncer's identity stays out of every mail (DOMAIN §4). A denouncer's own
address is read through `cases.identity.identity_for_mail`, which logs the system's use.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.identity import identity_for_mail, with_identities
from cases.models import Case, CaseEvent, Petition, Status
from cases.permissions import Role
from cases.selectors import cases_visible_to, due_soon_cases, follow_up_overdue, overdue_cases

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


def send_event_notifications(event_id: int) -> int:
    """Send the mail for one case event; return how many messages went."""
    event = (
        CaseEvent.objects.select_related("case__unit", "case__field", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    messages = event_messages(event)
    return _send(messages)


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
