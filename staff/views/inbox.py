from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from staff.access import CASE_ROLES, roles_required
from staff.forms import InboxFilterForm
from staff.selectors import filter_cases, my_tasks, unit_queue

QUEUE_PAGE_SIZE = 50


@roles_required(CASE_ROLES)
def inbox(request):
    """My tasks and my unit's queue, earliest due first, filtered by kind, state and field."""
    filters = InboxFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    narrowed = {
        "kind": chosen.get("kind", ""),
        "status": chosen.get("status", ""),
        "field": chosen.get("field"),
    }
    tasks = filter_cases(my_tasks(request.user), **narrowed)
    queue = Paginator(filter_cases(unit_queue(request.user), **narrowed), QUEUE_PAGE_SIZE)
    page = queue.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/inbox.html",
        {
            "filters": filters,
            "tasks": tasks[:QUEUE_PAGE_SIZE],
            "task_count": tasks.count(),
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )
