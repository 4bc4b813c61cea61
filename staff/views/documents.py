"""The documents of a case and of a petition, as PDF or as a Word file to edit before signing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from cases.identity import Purpose, identity_if_allowed, with_identities
from cases.models import Petition
from cases.permissions import may_prepare_verification_file
from common.docx import CONTENT_TYPE as DOCX
from staff.access import CASE_ROLES, roles_required
from staff.documents import Issued, Sender, case_documents, issue, issue_verification_file
from staff.models import DocumentKind

from .common import visible_case_or_404

CONTENT_TYPES = {"pdf": "application/pdf", "docx": DOCX}
# The file names offices know them by.
FILE_NAMES = {
    DocumentKind.RECEIPT: "bien-nhan",
    DocumentKind.ACCEPTANCE: "thong-bao-thu-ly",
    DocumentKind.FORWARDING_SLIP: "phieu-chuyen-don",
    DocumentKind.FORWARDING_NOTICE: "thong-bao-chuyen-don",
    DocumentKind.GUIDANCE: "phieu-huong-dan",
    DocumentKind.LETTER: "thong-bao",
    DocumentKind.VERIFICATION_FILE: "ho-so-xac-minh",
}
# Why a document reveals its sender, as the identity access log records it.
PURPOSES = {
    DocumentKind.ACCEPTANCE: Purpose.NOTICE,
    DocumentKind.FORWARDING_SLIP: Purpose.FORWARDING_SLIP,
    DocumentKind.FORWARDING_NOTICE: Purpose.NOTICE,
    DocumentKind.GUIDANCE: Purpose.NOTICE,
    DocumentKind.LETTER: Purpose.RESPONSE_LETTER,
}


def document_response(issued: Issued, fmt: str, name: str) -> HttpResponse:
    content = issued.pdf() if fmt == "pdf" else issued.docx()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{FILE_NAMES[issued.kind]}-{name}.{fmt}"'
    )
    return response


@roles_required(CASE_ROLES)
def case_document(request, reference: str, kind: str, fmt: str):
    """One document of the case, if the case has it now (404 otherwise)."""
    case = visible_case_or_404(request.user, reference)
    if kind == DocumentKind.VERIFICATION_FILE:
        if not may_prepare_verification_file(case, request.user):
            raise PermissionDenied
        petitions = case.petitions.select_related("petitioner", "case").prefetch_related(
            "representatives", "attachments"
        )
        issued = issue_verification_file(case, list(petitions.order_by("received_at")))
        return document_response(issued, fmt, case.reference)
    if kind not in case_documents(case, request.user):
        raise Http404
    first = (
        with_identities(Petition.objects.filter(case=case).select_related("case"))
        .order_by("received_at", "pk")
        .first()
    )
    identity = first and identity_if_allowed(
        user=request.user, petition=first, purpose=PURPOSES[kind]
    )
    issued = issue(kind, case, first, Sender.of(first, identity or None))
    return document_response(issued, fmt, case.reference)
