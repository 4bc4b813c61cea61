from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.exceptions import CaseError
from staff.access import CASE_ROLES, roles_required
from staff.forms import InboxFilterForm
from staff.selectors import filter_cases, filter_tasks, open_cases
from workflows.models import CaseTask
from workflows.selectors import inbox_tasks, task_for_user, unit_queue
from workflows.services import task_take

PAGE_SIZE = 50


@roles_required(CASE_ROLES)
def inbox(request):
    """My steps, my unit's queue and every open case I may open, earliest due first."""
    filters = InboxFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    narrowed = {
        "kind": chosen.get("kind", ""),
        "status": chosen.get("status", ""),
        "field": chosen.get("field"),
    }
    today = timezone.localdate()
    tasks = filter_tasks(inbox_tasks(request.user, today=today), **narrowed)
    queue = filter_tasks(unit_queue(request.user, today=today), **narrowed)
    cases = Paginator(filter_cases(open_cases(request.user), **narrowed), PAGE_SIZE)
    page = cases.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/inbox.html",
        {
            "filters": filters,
            "tasks": tasks[:PAGE_SIZE],
            "task_count": tasks.count(),
            "queue": queue[:PAGE_SIZE],
            "queue_count": queue.count(),
            "page": page,
            "query": query.urlencode(),
            "today": today,
        },
    )


@require_POST
@roles_required(CASE_ROLES)
def task_take_view(request, pk: int):
    """Take a step waiting in the unit's queue into my own tasks."""
    try:
        task = task_for_user(request.user, pk)
    except CaseTask.DoesNotExist:
        messages.error(request, _("This step is no longer open."))
        return redirect("staff:inbox")
    try:
        task_take(actor=request.user, task=task)
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The step is now in your tasks."))
    return redirect("staff:inbox")
