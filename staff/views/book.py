from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import AuditAction
from accounts.services import audit_record
from staff.access import BOOK_ROLES, roles_required
from staff.book import book_entries
from staff.exports import reception_book_xlsx
from staff.forms import BookDateForm
from staff.selectors import reception_book

from .common import log_identity_shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entries(request):
    day = BookDateForm(request.GET).day()
    return day, book_entries(reception_book(request.user, day), request.user)


@roles_required(BOOK_ROLES)
def book(request):
    """The reception book: the day's in-person visits at the user's unit."""
    day, entries = _entries(request)
    for entry in entries:
        if entry.may_see_people:
            log_identity_shown(request.user, entry.petition, where="reception book")
    return render(
        request,
        "staff/book.html",
        {"form": BookDateForm(initial={"date": day}), "day": day, "entries": entries},
    )


@roles_required(BOOK_ROLES)
def book_xlsx(request):
    day, entries = _entries(request)
    unit_name = request.user.unit.name if request.user.unit_id else ""
    response = HttpResponse(
        reception_book_xlsx(entries, day=day, unit_name=unit_name), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="so-tiep-cong-dan-{day:%Y-%m-%d}.xlsx"'
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=f"reception book {day:%Y-%m-%d}",
        request=request,
        details={"format": "xlsx", "rows": len(entries), "unit": unit_name},
    )
    return response
