"""The case page: what the case is, who sent it, its due dates and history, and what to do now."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.deadlines import compute_deadlines
from cases.exceptions import CaseError, InvalidInput, NotPermitted
from cases.identity import (
    IdentityHidden,
    Purpose,
    attachment_reveal,
    identity_accesses,
    identity_if_allowed,
    with_identities,
)
from cases.models import Attachment, Status, Unit
from cases.permissions import may_see_identity_accesses
from cases.selectors import available_transitions, forwarding_links
from staff.access import CASE_ROLES, roles_required
from staff.actions import (
    DEADLINE_LABELS,
    SIDE_EXITS,
    action_label,
    event_field,
    ordered,
    transition_form,
)
from staff.documents import case_documents
from staff.models import DocumentKind
from workflows.selectors import case_open_task
from workflows.services import case_act

from .common import add_service_errors, visible_case_or_404

FORMATS = ("pdf", "docx")
# Fields of the events that hold a user's login name.
PEOPLE_FIELDS = ("handler",)


def _petitions(case, user) -> list[dict]:
    """Return each petition with its sender's identity, or None where it stays hidden."""
    petitions = with_identities(case.petitions.select_related("received_by")).prefetch_related(
        "attachments"
    )
    shown = Purpose.CASE_PAGE
    return [
        {"petition": p, "identity": identity_if_allowed(user=user, petition=p, purpose=shown)}
        for p in petitions.order_by("received_at")
    ]


def _deadlines(case) -> list[dict]:
    return [
        {"label": DEADLINE_LABELS[step], "due_on": due.due_on, "explanation": due.explain()}
        for step, due in compute_deadlines(case).shown()
    ]


def _events(case) -> list[dict]:
    events = list(case.events.select_related("actor").order_by("sequence"))
    unit_names = dict(Unit.objects.values_list("code", "name"))
    # Events record people by login name; the timeline names them as colleagues know them.
    logins = {
        value
        for event in events
        for name, value in (event.data.get("fields") or {}).items()
        if name in PEOPLE_FIELDS and value
    }
    people = {
        user.get_username(): user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(username__in=logins)
    }
    return [
        {
            "event": event,
            "label": action_label(event.action),
            "status_label": (
                Status(event.to_status).label
                if event.to_status in Status.values and event.to_status != event.from_status
                else ""
            ),
            "fields": [
                event_field(
                    event.action,
                    name,
                    people.get(value, value) if name in PEOPLE_FIELDS else value,
                    unit_names,
                )
                for name, value in (event.data.get("fields") or {}).items()
            ],
        }
        for event in events
    ]


def _render_case(request, case, *, bound=None, status=200):
    """Render the case page; `bound` is a transition's form holding the user's errors."""
    names = ordered(available_transitions(case, request.user))
    forms = [
        (
            name,
            action_label(name),
            bound if bound is not None and bound.action == name else transition_form(name, case),
            name not in SIDE_EXITS,
        )
        for name in names
    ]
    return render(
        request,
        "staff/case.html",
        {
            "case": case,
            "petitions": _petitions(case, request.user),
            "identity_accesses": (
                identity_accesses(case) if may_see_identity_accesses(case, request.user) else None
            ),
            "mark_follow_up": case.is_follow_up_overdue(timezone.localdate()),
            "deadlines": _deadlines(case),
            "forwarding": forwarding_links(case, request.user),
            "documents": [
                {
                    "label": DocumentKind(kind).label,
                    **{
                        fmt: reverse(f"staff:{kind}_{fmt}", args=[case.reference])
                        for fmt in FORMATS
                    },
                }
                for kind in case_documents(case, request.user)
            ],
            "events": _events(case),
            "actions": forms,
            "step": case_open_task(case),
            "open_action": bound.action if bound is not None else "",
            "today": timezone.localdate(),
        },
        status=status,
    )


@roles_required(CASE_ROLES)
def case_detail(request, reference: str):
    case = visible_case_or_404(request.user, reference)
    return _render_case(request, case)


@require_POST
@roles_required(CASE_ROLES)
def case_action(request, reference: str, name: str):
    """Take one transition with its form; errors come back on the same page, in its language."""
    case = visible_case_or_404(request.user, reference)
    version = request.POST.get("version", "")
    try:
        case_act(
            case=case,
            actor=request.user,
            name=name,
            # One value per field: the forms take no lists.
            data=request.POST.dict(),
            expected_version=int(version) if version.isdigit() else None,
        )
    except InvalidInput as exc:
        # Bound again to show the user's input; the service's errors are those shown.
        form = transition_form(name, case, data=request.POST)
        form.is_valid()
        add_service_errors(form, exc)
        form.action = name
        return _render_case(request, case, bound=form, status=400)
    except NotPermitted as exc:
        # The page offers no such button to this user: the request was forged or stale.
        raise PermissionDenied(str(exc.message)) from exc
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": action_label(name)})
        # Reassigning or sending a case on may take it out of the user's reach.
        if not _still_visible(request.user, reference):
            return redirect("staff:inbox")
    return redirect("staff:case", reference=case.reference)


def _still_visible(user, reference: str) -> bool:
    try:
        visible_case_or_404(user, reference)
    except Http404:
        return False
    return True


@roles_required(CASE_ROLES)
def attachment(request, reference: str, pk: int):
    """Serve one attachment of a case the user may open, and of a sender they may see."""
    case = visible_case_or_404(request.user, reference)
    item = get_object_or_404(
        Attachment.objects.select_related("petition__case"), pk=pk, petition__case=case
    )
    # A denouncer's handwriting is part of their identity
    # (docs/denouncer-protection.md#scans-and-attachments).
    try:
        content = attachment_reveal(user=request.user, attachment=item)
    except IdentityHidden as exc:
        raise Http404 from exc
    return FileResponse(content, as_attachment=True, filename=item.original_name)
