"""The search's query-string parameters, read the same way by the API and the staff page."""

from collections.abc import Mapping
from typing import Any

from .query import SearchQuery

# Parameter names as the query string spells them; unit, locality and field are codes.
FILTERS = ("kind", "status", "unit", "locality", "field", "channel", "year", "overdue", "due_soon")
YEAR_MIN, YEAR_MAX = 1990, 2100
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


def parse_flag(text: str) -> bool | None:
    """Return True or False for a query-string flag, None when it is empty; else ValueError."""
    word = text.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(text)


def search_query_from(params: Mapping[str, Any]) -> SearchQuery:
    """Return the SearchQuery of validated parameters, with unit, locality and field as rows."""
    unit, locality, field = params.get("unit"), params.get("locality"), params.get("field")
    return SearchQuery(
        text=params.get("q") or "",
        kind=params.get("kind") or None,
        status=params.get("status") or None,
        unit_path=unit.path if unit else None,
        locality_path=locality.path if locality else None,
        field_id=field.pk if field else None,
        channel=params.get("channel") or None,
        year=params.get("year"),
        overdue=params.get("overdue"),
        due_soon=params.get("due_soon"),
        page=params.get("page") or 1,
        page_size=params.get("page_size") or SearchQuery.page_size,
    )
