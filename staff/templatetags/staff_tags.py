from django import template

from accounts.services import may_enrol_otp
from cases.permissions import may_import_registers, may_report, roles_of
from staff.access import (
    BOOK_ROLES,
    CASE_ROLES,
    DASHBOARD_ROLES,
    DESK_ROLES,
    FORWARDED_ROLES,
    SESSION_ROLES,
)

register = template.Library()


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_nav(context):
    """Render the navigation links of the screens this user's roles open."""
    request = context["request"]
    roles = roles_of(request.user)
    return {
        "request": request,
        "user": request.user,
        "show_desk": bool(roles & DESK_ROLES),
        "show_book": bool(roles & BOOK_ROLES),
        "show_inbox": bool(roles & CASE_ROLES),
        "show_dashboard": bool(roles & DASHBOARD_ROLES),
        "show_forwarded": bool(roles & FORWARDED_ROLES),
        "show_sessions": bool(roles & SESSION_ROLES),
        "show_reports": may_report(request.user),
        "show_admin": request.user.is_staff,
        "show_authenticator": may_enrol_otp(request.user),
        "show_imports": may_import_registers(request.user),
    }


@register.filter
def due_class(case, today):
    """Return the CSS class marking a case overdue or due soon on `today`."""
    if case.is_overdue(today):
        return "overdue"
    if case.is_due_soon(today):
        return "due-soon"
    return ""


@register.filter
def grouped(number) -> str:
    """Return a whole number with its digits in groups of three: 10 000."""
    return f"{int(number):,}".replace(",", " ")
