"""The search page: free text and filters over the cases I may open, with facet counts."""

import math

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from search.backends.base import SearchUnavailable
from search.query import COUNT_CAP, FACETS
from search.selectors import search_cases
from staff.access import CASE_ROLES, roles_required
from staff.forms import CaseSearchForm


def _link(params, **changes) -> str:
    """Return the query string with these parameters set (None: removed), on the first page."""
    params = params.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return reverse("staff:search") + "?" + params.urlencode()


def _code(name: str, value) -> str | None:
    """Return a filter's value as the query string spells it, as the API reads it."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or name == "overdue":
        return "true" if value in (True, "True", "true") else "false"
    return str(getattr(value, "code", value))


def _facet_groups(form: CaseSearchForm, facets: dict, params) -> list[dict]:
    """Return each facet's values with their counts and the link that filters by each."""
    groups = []
    for name in FACETS:
        items = []
        chosen = _code(name, form.cleaned_data.get(name))
        for item in facets.get(name, []):
            code = _code(name, item["value"])
            items.append(
                {
                    "label": item["label"],
                    "count": item["count"],
                    "estimated": item["margin"] is not None,
                    "url": _link(params, **{name: code}),
                    "active": code == chosen,
                }
            )
        if items:
            groups.append({"name": name, "title": form.fields[name].label, "items": items})
    return groups


def _active_filters(form: CaseSearchForm, params) -> list[dict]:
    """Return the filters in force, each with the link that removes it."""
    return [
        {
            "name": name,
            "code": _code(name, form.cleaned_data[name]),
            "title": form.fields[name].label,
            "label": form.value_label(name),
            "remove_url": _link(params, **{name: None}),
        }
        for name in form.active_filters()
    ]


def _pages(query, total: int, params) -> dict:
    """Return the page number, the last page and the links to the pages around it."""
    # The engines page no further than COUNT_CAP results, however many match.
    last = max(1, math.ceil(min(total, COUNT_CAP) / query.page_size))
    return {
        "number": query.page,
        "last": last,
        "previous_url": _link(params, page=str(min(query.page - 1, last)))
        if query.page > 1
        else None,
        "next_url": _link(params, page=str(query.page + 1)) if query.page < last else None,
    }


@roles_required(CASE_ROLES)
def search(request):
    """Search the cases this user may open; the engine's query carries the permission."""
    form = CaseSearchForm(request.GET)
    context = {"form": form, "today": timezone.localdate()}
    if not form.is_valid():
        return render(request, "staff/search.html", context, status=400)
    query = form.to_search_query()
    try:
        found = search_cases(user=request.user, query=query)
    except SearchUnavailable:
        return render(request, "staff/search.html", {**context, "unavailable": True}, status=503)
    params = request.GET
    context.update(
        {
            "found": found,
            "facets": _facet_groups(form, found.facets, params),
            "active": _active_filters(form, params),
            "pages": _pages(query, found.total, params),
        }
    )
    return render(request, "staff/search.html", context)
