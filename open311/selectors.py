"""What Open311 apps may read: the services, and which cases GET requests lists.

A case is listed when it is a recommendation or feedback, whatever channel brought it; what
is shown of it is decided element by element in `open311.elements` (docs/open311.md).
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet

from cases.models import OPEN_STATUSES, PUBLIC_REPORT_KINDS, Case, Field, Locality, Petition
from cases.selectors import current_localities

from .models import ApiKey, Submission

# GeoReport v2, GET Service Requests: "first 1000 requests returned".
REQUESTS_LIMIT = 1000
SERVICE_CODE = re.compile(rf"^({'|'.join(PUBLIC_REPORT_KINDS)})-([-\w]+)$", re.ASCII)


@dataclass(frozen=True)
class Service:
    """One kind of report about one field: `feedback-moi-truong`."""

    kind: str
    field: Field

    @property
    def code(self) -> str:
        return f"{self.kind}-{self.field.code}"


def services() -> list[Service]:
    """Return a service for each active field, recommendations first."""
    fields = list(Field.objects.filter(is_active=True))
    return [Service(kind, field) for kind in PUBLIC_REPORT_KINDS for field in fields]


def parse_service_code(code: str) -> tuple[str, str] | None:
    """Return the kind and field code a service code names, or None if it names none."""
    match = SERVICE_CODE.match(code)
    return (match[1], match[2]) if match else None


def service_get(code: str) -> Service | None:
    parsed = parse_service_code(code)
    if parsed is None:
        return None
    kind, field_code = parsed
    field = Field.objects.filter(code=field_code, is_active=True).first()
    return Service(kind, field) if field else None


def communes() -> QuerySet[Locality]:
    """Return the communes a request may name in its `locality` attribute."""
    return current_localities().filter(level=Locality.Level.COMMUNE)


def listed_cases() -> QuerySet[Case]:
    """Return the cases GET requests may show: every recommendation and feedback."""
    first_petitions = Petition.objects.only(
        "case_id", "received_at", "latitude", "longitude", "media_url"
    ).order_by("received_at", "pk")
    return (
        Case.objects.filter(kind__in=PUBLIC_REPORT_KINDS)
        .select_related("unit", "field", "locality__parent")
        .prefetch_related(Prefetch("petitions", queryset=first_petitions))
    )


@dataclass(frozen=True)
class RequestQuery:
    """GET requests' arguments, parsed: references override all the others."""

    references: tuple[str, ...] = ()
    services: tuple[tuple[str, str], ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: frozenset[str] = frozenset()


def requests_find(query: RequestQuery) -> list[Case]:
    """Return the listed cases the query asks for, the most recent first, at most 1,000."""
    cases = listed_cases()
    if query.references:
        cases = cases.filter(reference__in=query.references)
    else:
        cases = cases.filter(received_at__gte=query.start, received_at__lte=query.end)
        if query.services:
            cases = cases.filter(
                reduce(or_, (Q(kind=kind, field__code=code) for kind, code in query.services))
            )
        if query.statuses == {"open"}:
            cases = cases.filter(status__in=OPEN_STATUSES)
        elif query.statuses == {"closed"}:
            cases = cases.exclude(status__in=OPEN_STATUSES)
    return list(cases.order_by("-received_at", "-pk")[:REQUESTS_LIMIT])


def request_get(reference: str) -> Case | None:
    return listed_cases().filter(reference=reference).first()


def key_digest(text: str) -> str:
    # Keys are long random strings: a plain hash cannot be reversed by guessing.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_find(text: str) -> ApiKey | None:
    """Return the key with this text, revoked or not, or None if no key has it."""
    return ApiKey.objects.filter(digest=key_digest(text)).first()


def pending_submissions() -> list[int]:
    """Return the queued submissions no worker has registered yet."""
    return list(Submission.objects.filter(pending__isnull=False).values_list("pk", flat=True))
