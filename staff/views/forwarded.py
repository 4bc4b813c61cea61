"""Đơn đã chuyển: what the unit forwarded inside the system, where each stands, and what is late."""

from django.shortcuts import render
from django.utils import timezone

from cases.selectors import forwarded_cases
from staff.access import FORWARDED_ROLES, roles_required

LIMIT = 200


@roles_required(FORWARDED_ROLES)
def forwarded(request):
    """Each case forwarded to a unit of this system, its state there and its follow-up."""
    today = timezone.localdate()
    overdue_only = request.GET.get("overdue") == "1"
    rows = forwarded_cases(request.user, today, overdue_only=overdue_only)
    return render(
        request,
        "staff/forwarded.html",
        {
            "rows": rows[:LIMIT],
            "count": len(rows),
            "limit": LIMIT,
            "overdue_only": overdue_only,
            "today": today,
        },
    )
