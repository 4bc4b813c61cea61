"""Helpers shared by the staff views."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.urls import reverse

from cases.exceptions import CaseNotFound, InvalidInput
from cases.identity import with_identities
from cases.models import Case, Petition
from cases.selectors import case_get_visible, cases_visible_to


def visible_case_or_404(user, reference: str) -> Case:
    """Return the case if the user may open it; otherwise 404, never a 403 that confirms it."""
    try:
        return case_get_visible(user=user, reference=reference)
    except CaseNotFound as exc:
        raise Http404 from exc


def visible_petition_or_404(user, code: str) -> Petition:
    petition = (
        with_identities(
            Petition.objects.filter(tracking_code=code, case__in=cases_visible_to(user))
        )
        .select_related("case__unit", "received_by")
        # The petition as received first: a forwarded copy shares its code.
        .order_by("pk")
        .first()
    )
    if petition is None:
        raise Http404
    return petition


def public_status_url(request, code: str) -> str:
    """Return the citizen's status page for a tracking code, as an absolute link."""
    path = f"{reverse('portal:status')}?code={code}"
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def add_service_errors(form, exc: InvalidInput) -> None:
    """Put a service's field errors on the form's fields, or above it for the others.

    An error the form found itself (the service validates the same form) is not repeated.
    """
    for name, errors in exc.errors.items():
        target = name if name in form.fields else None
        shown = form.errors.get(target or NON_FIELD_ERRORS, [])
        for error in errors:
            if error not in shown:
                form.add_error(target, error)
