from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.exceptions import CaseError
from common.paging import paged
from staff.access import CASE_ROLES, roles_required
from staff.forms import InboxFilterForm
from staff.selectors import filter_cases, filter_tasks, open_cases
from workflows.models import CaseTask
from workflows.selectors import inbox_tasks, task_for_user, unit_queue
from workflows.services import task_take

PAGE_SIZE = 20


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
    cases = filter_cases(open_cases(request.user), **narrowed)
    return render(
        request,
        "staff/inbox.html",
        {
            "filters": filters,
            "tasks": paged(request, tasks, param="tasks", per_page=PAGE_SIZE),
            "queue": paged(request, queue, param="queue", per_page=PAGE_SIZE),
            "cases": paged(request, cases, per_page=PAGE_SIZE),
            "today": today,
        },
    )


@require_POST
@roles_required(CASE_ROLES)
def task_take_view(request, pk: int):
    """Take a step waiting in the unit's queue into my own tasks, back to the inbox as it was."""
    back = request.POST.get("next", "")
    # Only a page of this site: the field comes from the browser.
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not back.startswith("/"):
        back = "staff:inbox"
    try:
        task = task_for_user(request.user, pk)
    except CaseTask.DoesNotExist:
        messages.error(request, _("This step is no longer open."))
        return redirect(back)
    try:
        task_take(actor=request.user, task=task)
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The step is now in your tasks."))
    return redirect(back)
