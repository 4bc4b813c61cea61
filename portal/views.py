"""Citizens' pages, without login: the status of a petition by its code, and sending one."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from cases.exceptions import InvalidInput
from cases.models import Kind, Unit
from cases.selectors import public_status
from cases.services import petition_register

from .forms import StatusForm, SubmitForm
from .limits import allow


def _limited(request):
    return render(request, "portal/limited.html", status=429)


def status(request):
    """Look a petition up by its code and show what DOMAIN §5 allows, and nothing more."""
    found, not_found = None, False
    form = StatusForm(request.GET or None)
    if form.is_bound:
        if not allow(request, "lookup"):
            return _limited(request)
        if form.is_valid():
            found = public_status(form.cleaned_data["code"])
            not_found = found is None
    return render(
        request,
        "portal/status.html",
        {
            "form": form,
            "found": found,
            "kind_label": Kind(found.kind).label if found else "",
            "not_found": not_found,
            "submitted": request.GET.get("submitted") == "1" and found is not None,
        },
        status=404 if not_found else 200,
    )


def _portal_unit() -> Unit:
    code = settings.PORTAL_UNIT
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ImproperlyConfigured(f"PORTAL_UNIT names no active unit: {code!r}")
    return unit


# The citizen's name and contact stay out of error reports.
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def submit(request):
    """Send a recommendation or feedback online; the answer is a tracking code."""
    form = SubmitForm(request.POST or None)
    if request.method == "POST":
        if not allow(request, "submit"):
            return _limited(request)
        if form.is_valid():
            try:
                petition = petition_register(
                    actor=None, unit=_portal_unit(), data=form.to_petition_input()
                )
            except InvalidInput as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            else:
                return redirect(
                    f"{reverse('portal:status')}?code={petition.tracking_code}&submitted=1"
                )
    return render(
        request,
        "portal/submit.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
