"""The reception desk: one form for a visitor or a letter, likely duplicates, the receipt."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from cases.exceptions import CaseError, InvalidInput
from cases.identity import Purpose, identity_if_allowed
from cases.selectors import cases_visible_to, sessions_for_desk
from cases.services import petition_register
from common.pdf import qr_svg
from search.selectors import duplicate_candidates
from staff.access import DESK_ROLES, roles_required
from staff.documents import Sender, build_receipt, issue_receipt
from staff.forms import DeskForm, DuplicateQueryForm

from .common import add_service_errors, public_status_url, visible_petition_or_404
from .documents import document_response

DUPLICATE_LIMIT = 5


# What a visitor tells the desk stays out of error reports (Luật Tố cáo 2018, Điều 8).
@sensitive_post_parameters()
@roles_required(DESK_ROLES)
@sensitive_variables()
def desk(request):
    visible = cases_visible_to(request.user)
    sessions = sessions_for_desk(request.user, timezone.localdate())
    if request.method == "POST":
        form = DeskForm(request.POST, request.FILES, visible_cases=visible, sessions=sessions)
        if form.is_valid():
            try:
                petition = petition_register(
                    actor=request.user,
                    data=form.to_petition_input(),
                    files=form.cleaned_data["attachments"],
                )
            except InvalidInput as exc:
                add_service_errors(form, exc)
            except CaseError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("Petition registered with tracking code %(code)s.")
                    % {"code": petition.tracking_code},
                )
                return redirect("staff:receipt", code=petition.tracking_code)
        status = 400
    else:
        form = DeskForm(
            visible_cases=visible,
            sessions=sessions,
            initial={"duplicate_of": request.GET.get("join", "")},
        )
        status = 200
    return render(request, "staff/desk.html", {"form": form}, status=status)


# Posted, not a query string: an ID number or phone in a URL would reach access logs.
@sensitive_post_parameters()
@require_POST
@roles_required(DESK_ROLES)
@sensitive_variables("query", "data")
def duplicates(request):
    """Return, as an HTML fragment, the open cases that the petition being typed may repeat."""
    query = DuplicateQueryForm(request.POST)
    cases = []
    if query.is_valid():
        data = query.cleaned_data
        if any(data.values()):
            cases = duplicate_candidates(
                user=request.user,
                id_number=data["id_number"],
                phone=data["phone"],
                subject=data["subject"],
                locality=data["locality"],
                limit=DUPLICATE_LIMIT,
            )
    return render(request, "staff/_duplicates.html", {"cases": cases})


def _receipt(request, code: str):
    petition = visible_petition_or_404(request.user, code)
    identity = identity_if_allowed(user=request.user, petition=petition, purpose=Purpose.RECEIPT)
    found = build_receipt(
        petition, status_url=public_status_url(request, petition.tracking_code), identity=identity
    )
    return found, identity


@roles_required(DESK_ROLES)
def receipt(request, code: str):
    found, _identity = _receipt(request, code)
    return render(
        request, "staff/receipt.html", {"receipt": found, "qr_svg": qr_svg(found.status_url)}
    )


@roles_required(DESK_ROLES)
def receipt_file(request, code: str, fmt: str):
    """The receipt as PDF, or as a Word file the office may edit."""
    found, identity = _receipt(request, code)
    issued = issue_receipt(found, Sender.of(found.petition, identity))
    return document_response(issued, fmt, found.petition.tracking_code)
