"""A search as every backend receives it, and what every backend returns."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from cases.models import Channel, Kind, Status

from .normalizer import ParsedQuery, parse_query

# Facet name → the indexed field it counts, the same in every backend.
FACET_FIELDS = {
    "kind": "kind",
    "status": "status",
    "unit": "unit_id",
    "locality": "locality_id",
    "field": "field_id",
    "channel": "channel",
    "year": "year",
    "overdue": "overdue",
}
FACETS = tuple(FACET_FIELDS)
# How the "overdue" facet's two values read, wherever it is shown (docs/api.md: labels follow
# Accept-Language).
OVERDUE_LABELS = {True: _("overdue"), False: _("not overdue")}
# The text facets' values, each counted by its position here: the codes are packed with the
# year in one integer (search.models.IndexedCase.facet_key). A change here needs a migration,
# which recomputes every row's key, and on SQLite makes the search index again
# (schema.sqlite_create_indexes, which keeps the same key). "" is a case with no channel.
FACET_CODES = {
    "kind": tuple(Kind.values),
    "status": tuple(Status.values),
    "channel": ("", *Channel.values),
}
# Counting stops here, as Elasticsearch's track_total_hits does: "more than 10,000".
COUNT_CAP = 10_000


@dataclass(frozen=True)
class SearchQuery:
    """Free text plus filters; unit and locality filters hold tree paths (their subtree)."""

    text: str = ""
    # False: every word must match; True: any word, those matching more ranking higher.
    any_word: bool = False
    today: date | None = None
    kind: str | None = None
    status: str | None = None
    unit_path: str | None = None
    locality_path: str | None = None
    field_id: int | None = None
    channel: str | None = None
    year: int | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    page: int = 1
    page_size: int = 20
    with_facets: bool = True

    @property
    def parsed(self) -> ParsedQuery:
        return parse_query(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def exact_filters(self) -> dict:
        """The filters the user set that match one indexed field exactly, by field name."""
        values = {
            "kind": self.kind,
            "status": self.status,
            "field_id": self.field_id,
            "channel": self.channel,
            "year": self.year,
        }
        return {name: value for name, value in values.items() if value is not None}


@dataclass
class Hit:
    case_id: int
    score: float
    # HTML: escaped text with <mark> around the matched words.
    snippet: str = ""


@dataclass
class SearchResult:
    total: int
    # False when more than COUNT_CAP cases match and `total` is the cap or an estimate.
    total_is_exact: bool
    hits: list[Hit]
    # Facet name → {value: count}; unit, locality and field values are primary keys.
    facets: dict[str, dict] = field(default_factory=dict)
    # When the total and the facets are estimated from a sample: half the 95% confidence
    # interval of the total, and of each facet count, as {name: {value: margin}}. None when
    # the total is exact, or is only a lower bound (COUNT_CAP, as Elasticsearch reports it).
    total_margin: int | None = None
    facet_margins: dict[str, dict] = field(default_factory=dict)
