"""Lịch tiếp công dân: the leaders' reception sessions of the units the user works with."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.exceptions import InvalidInput, NotPermitted
from cases.models import Unit
from cases.permissions import may_schedule_reception
from cases.selectors import reception_sessions_visible_to, upcoming_sessions
from cases.services import reception_session_change, reception_session_schedule
from staff.access import SESSION_ROLES, roles_required
from staff.forms import SessionChangeForm, SessionForm

from .common import add_service_errors

# Past sessions shown below the coming ones, for recording who presided.
RECENT_DAYS = 31


def _units(user):
    """The units whose schedule the user keeps (`may_schedule_reception`, one rule)."""
    units = Unit.objects.filter(is_active=True).select_related("parent")
    return Unit.objects.filter(pk__in=[u.pk for u in units if may_schedule_reception(user, u)])


def _render(request, form, status=200):
    sessions = reception_sessions_visible_to(request.user)
    now = timezone.now()
    recent = sessions.filter(
        starts_at__gte=now - timezone.timedelta(days=RECENT_DAYS), ends_at__lte=now
    ).order_by("-starts_at")
    return render(
        request,
        "staff/sessions.html",
        {
            "form": form,
            "upcoming": upcoming_sessions(sessions, now)[:100],
            "recent": recent[:100],
            "change_form": SessionChangeForm(auto_id=False),
            "keeps": {unit.pk for unit in form.fields["unit"].queryset},
        },
        status=status,
    )


@roles_required(SESSION_ROLES)
def sessions(request):
    """The schedule, and the form that adds a session or a weekly or monthly series."""
    units = _units(request.user)
    form = SessionForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = reception_session_schedule(
                    actor=request.user, data=form.to_session_input()
                )
            except InvalidInput as exc:
                add_service_errors(form, exc)
            except NotPermitted as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request, _("%(count)d session(s) scheduled.") % {"count": len(created)}
                )
                return redirect("staff:sessions")
        return _render(request, form, status=400)
    return _render(request, form)


@require_POST
@roles_required(SESSION_ROLES)
def session_change(request, pk: int):
    """Record who presided, move the place, or cancel a session."""
    session = get_object_or_404(reception_sessions_visible_to(request.user), pk=pk)
    if not may_schedule_reception(request.user, session.unit):
        raise PermissionDenied
    form = SessionChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reception_session_change(
                actor=request.user,
                session=session,
                presiding=data["presiding"],
                place=data["place"],
                cancelled=data["cancelled"],
            )
        except InvalidInput as exc:
            for errors in exc.errors.values():
                for error in errors:
                    messages.error(request, error)
        except NotPermitted as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The session was updated."))
    return redirect("staff:sessions")
