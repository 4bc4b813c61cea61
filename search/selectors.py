"""Reads of the search app: case search for a user, and likely duplicates at intake."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from cases import people
from cases.identity import petitions_of_person
from cases.models import OPEN_STATUSES, Case, Channel, Field, Kind, Locality, Status, Unit
from cases.permissions import may_see_identity
from cases.selectors import Visibility, case_visibility

from . import normalizer
from .backends import get_backend
from .documents import case_texts
from .query import OVERDUE_LABELS, SearchQuery, SearchResult


@dataclass
class FoundCase:
    case: Case
    score: float
    # The subject as a result may show it, and the text around the matches.
    subject: str
    snippet: str


@dataclass
class CaseSearch:
    """One page of a user's search: cases in rank order, the total and labelled facets."""

    total: int
    total_is_exact: bool
    results: list[FoundCase]
    facets: dict[str, list[dict]] = field(default_factory=dict)
    # Set when the total and the facets are estimates: half their 95% confidence interval.
    total_margin: int | None = None


def search_cases(*, user, query: SearchQuery) -> CaseSearch:
    """Search the cases this user may open; permission is part of the engine's query."""
    query = query if query.today else SearchQuery(**{**vars(query), "today": timezone.localdate()})
    visibility = case_visibility(user)
    result = get_backend().search(query, visibility)
    return CaseSearch(
        total=result.total,
        total_is_exact=result.total_is_exact,
        results=_found_cases(visibility, result, query),
        facets=_labelled_facets(result.facets, result.facet_margins),
        total_margin=result.total_margin,
    )


def _found_cases(
    visibility: Visibility, result: SearchResult, query: SearchQuery
) -> list[FoundCase]:
    ids = [hit.case_id for hit in result.hits]
    # The visibility rule again, on the page only: an index that lags never shows more.
    cases = visibility.cases().select_related("unit", "locality", "field", "handler")
    by_id = cases.in_bulk(ids)
    texts = case_texts(by_id.values())
    parsed = query.parsed
    found = []
    for hit in result.hits:
        if hit.case_id not in by_id:
            continue
        text = texts[hit.case_id]
        snippet = hit.snippet or normalizer.highlight(f"{text.subject} — {text.body}", parsed)
        found.append(
            FoundCase(
                case=by_id[hit.case_id],
                score=hit.score,
                subject=text.headline,
                snippet=snippet,
            )
        )
    return found


def _labels(model, ids) -> dict:
    return {
        pk: (code, name)
        for pk, code, name in model.objects.filter(pk__in=ids).values_list("pk", "code", "name")
    }


def _labelled_facets(facets: dict[str, dict], margins: dict[str, dict]) -> dict[str, list[dict]]:
    """Return each facet as [{value, label, count, margin}], largest first; codes for tree nodes.

    `margin` is None for an exact count, else half the 95% confidence interval of the estimate.
    """
    labelled = {}
    choices = {"kind": Kind, "status": Status, "channel": Channel}
    models = {"unit": Unit, "locality": Locality, "field": Field}
    for name, counts in facets.items():
        if name in models:
            # Keyed by primary key; shown by code and name.
            labels = _labels(models[name], counts)
        elif name in choices:
            labels = {
                value: (value, str(choices[name](value).label))
                for value in counts
                if value in choices[name].values
            }
        elif name == "overdue":
            labels = {
                value: (value, str(OVERDUE_LABELS[value]))
                for value in counts
                if value in OVERDUE_LABELS
            }
        else:
            labels = {value: (value, str(value)) for value in counts if value is not None}
        margin = margins.get(name, {})
        items = [
            {"value": value, "label": label, "count": counts[key], "margin": margin.get(key)}
            for key, (value, label) in labels.items()
        ]
        labelled[name] = sorted(items, key=lambda item: (-item["count"], str(item["value"])))
    return labelled


def duplicate_candidates(
    *, user, id_number: str = "", phone: str = "", subject: str = "", locality=None, limit=5
) -> list[Case]:
    """Return open cases the user may see that a new petition probably repeats.

    Same person first (ID number or phone of a petitioner or representative), then a similar
    subject in the same locality, found by the search engine. A protected denouncer matches
    only where the user may see who denounced, so a hint never reveals it
    (docs/search.md#duplicate-hints-at-intake).
    """
    visibility = case_visibility(user)
    visible = visibility.cases().filter(status__in=OPEN_STATUSES)
    # Stored in the people rule's normal form: "+84 912 …" finds "0912…".
    id_number, phone = people.id_number_key(id_number), people.phone_key(phone)
    person = Q()
    for name, value in (("id_number", id_number), ("phone", phone)):
        if value:
            person |= Q(**{f"petitions__petitioner__{name}": value})
            person |= Q(**{f"petitions__representatives__{name}": value})
    found: list[Case] = []
    if person:
        found = list(visible.filter(person).distinct().order_by("-received_at")[:limit])
    if len(found) < limit and (id_number or phone):
        denounced = (
            petitions_of_person(id_number=id_number, phone=phone)
            .filter(case__in=visible)
            .select_related("case__unit", "case__locality")
            .order_by("-case__received_at")[: limit * 10]
        )
        seen = {case.pk for case in found}
        for petition in denounced:
            if petition.case_id not in seen and may_see_identity(petition.case, petition, user):
                seen.add(petition.case_id)
                found.append(petition.case)
        found = sorted(found, key=lambda case: case.received_at, reverse=True)[:limit]
    words = normalizer.tokens(subject)
    if len(found) < limit and len(words) >= 2 and locality is not None:
        # Any of the subject's words may match; the cases sharing the most rank first.
        result = get_backend().search(
            SearchQuery(
                text=" ".join(words),
                any_word=True,
                today=timezone.localdate(),
                locality_path=locality.path,
                page_size=limit * 10,
                with_facets=False,
            ),
            visibility,
        )
        ids = [hit.case_id for hit in result.hits]
        more = visible.exclude(pk__in=[case.pk for case in found]).in_bulk(ids)
        found += [more[pk] for pk in ids if pk in more][: limit - len(found)]
    return found
