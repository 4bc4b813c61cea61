from django.shortcuts import render
from django.utils import timezone

from staff.access import DASHBOARD_ROLES, roles_required
from staff.selectors import leader_dashboard


@roles_required(DASHBOARD_ROLES)
def dashboard(request):
    """Open cases by state and unit, overdue cases by handler, and what is due soon."""
    today = timezone.localdate()
    return render(
        request,
        "staff/dashboard.html",
        {"board": leader_dashboard(request.user, today), "today": today},
    )
