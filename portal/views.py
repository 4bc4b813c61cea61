"""Citizens' pages, without login: the status of a petition by its code, and sending one."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from cases import tracking_codes
from cases.exceptions import InvalidInput
from cases.models import Kind
from cases.selectors import public_reception_sessions, public_status, receiving_unit
from cases.services import petition_register
from common.limits import Verdict, hit, limited_message, too_many_requests

from .forms import CODE_MAX_LENGTH, StatusForm, SubmitForm


def _limited(request, verdict: Verdict):
    page = render(request, "portal/limited.html", {"message": limited_message(verdict.retry_after)})
    return too_many_requests(page, retry_after=verdict.retry_after)


def status(request):
    """Look a petition up by its code and show the public view of it, and nothing more.

    What the public view shows: docs/tracking-codes.md#what-the-public-view-shows.

    Whatever was typed (an unknown code, a wrong check character, any text) gets the same
    lookup and the same "not found" page, so the answer tells nothing but found or not.
    """
    code = request.GET.get("code", "").strip()
    found = None
    if code:
        verdict = hit(request, scope="portal-lookup", rate=settings.PORTAL_LOOKUP_RATE)
        if verdict.limited:
            return _limited(request, verdict)
        found = public_status(code)
    not_found = bool(code) and found is None
    return render(
        request,
        "portal/status.html",
        {
            "form": StatusForm(initial={"code": code[:CODE_MAX_LENGTH]}),
            "found": found,
            "kind_label": Kind(found.kind).label if found else "",
            "not_found": not_found,
            "submitted": request.GET.get("submitted") == "1" and found is not None,
        },
        status=404 if not_found else 200,
    )


def _submitted(code: str):
    return redirect(f"{reverse('portal:status')}?code={code}&submitted=1")


# The citizen's name and contact stay out of error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def submit(request):
    """Send a recommendation or feedback online; the answer is a tracking code."""
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        verdict = hit(request, scope="portal-submit", rate=settings.PORTAL_SUBMIT_RATE)
        if verdict.limited:
            return _limited(request, verdict)
        if form.is_bot():
            # Looks like success, so the bot has no reason to try again; nothing is stored.
            return _submitted(tracking_codes.generate(timezone.localdate().year))
        if form.is_valid():
            try:
                petition = petition_register(
                    actor=None,
                    unit=receiving_unit("PORTAL_UNIT"),
                    data=form.to_petition_input(),
                    files=form.cleaned_data["attachments"],
                    max_files=settings.PORTAL_ATTACHMENT_MAX_FILES,
                )
            except InvalidInput as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            else:
                return _submitted(petition.tracking_code)
    return render(
        request,
        "portal/submit.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# How far ahead the public schedule reaches.
SESSIONS_AHEAD_DAYS = 92


def sessions(request):
    """Each unit's coming leaders' reception sessions, which the law has made public.

    Luật Tiếp công dân 2013 has the schedule published (docs/reception-book.md); it names the
    presiding leader, as the notices on the units' boards do.
    """
    until = timezone.now() + timedelta(days=SESSIONS_AHEAD_DAYS)
    coming = (
        public_reception_sessions().filter(starts_at__lt=until).order_by("unit__path", "starts_at")
    )
    return render(request, "portal/sessions.html", {"sessions": coming})
