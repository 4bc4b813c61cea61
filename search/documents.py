"""What a case looks like to a search engine: built from the database, never from a request."""

import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseUserObjectPermission, Kind, Petition
from cases.selectors import HANDLE_PERMISSION

from . import normalizer


@dataclass
class CaseDocument:
    """One case, denormalised for search. A denouncer's identity never gets here."""

    case_id: int
    version: int
    reference: str
    kind: str
    status: str
    channel: str
    unit_id: int
    unit_path: str
    locality_id: int
    locality_path: str
    field_id: int
    year: int
    received_at: datetime
    due_on: date | None
    due_soon_on: date | None
    # Users whose object permission to handle the case lets them see it
    # (docs/roles-and-visibility.md#object-permissions).
    readers: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    subject: str = ""
    # The case's own subject as lists may show it: a denouncer's identity is redacted.
    headline: str = ""
    names: str = ""
    places: str = ""
    body: str = ""

    @property
    def code_text(self) -> str:
        """The reference and tracking codes, as typed words and as single compact tokens."""
        return " ".join([self.reference, *self.codes, *self.compact_codes])

    @property
    def compact_codes(self) -> list[str]:
        return [c for c in map(normalizer.compact_code, [self.reference, *self.codes]) if c]

    @cached_property
    def weighted_texts(self) -> tuple[str, str, str]:
        """Return the folded text of weights A (codes, subject), B (names, places), C (body)."""
        return (
            normalizer.fold(f"{self.code_text} {self.subject}"),
            normalizer.fold(f"{self.names} {self.places}"),
            normalizer.fold(self.body),
        )

    @cached_property
    def accented_text(self) -> str:
        return normalizer.accented(f"{self.subject} {self.names} {self.places} {self.body}")


_CASE_COLUMNS = (
    "pk",
    "version",
    "reference",
    "kind",
    "status",
    "unit_id",
    "unit__path",
    "unit__name",
    "locality_id",
    "locality__path",
    "locality__name",
    "field_id",
    "field__name",
    "received_at",
    "due_on",
    "due_soon_on",
    "subject",
    "findings",
    "public_summary",
)


@dataclass(frozen=True)
class CaseTexts:
    """A case's texts as its document holds them: the subject line, the one shown, the body."""

    subject: str
    headline: str
    body: str


def _texts(subject: str, findings: str, public_summary: str, petitions: list[dict]) -> CaseTexts:
    contents = [p["content"] for p in petitions] + [findings, public_summary]
    subjects = [subject, *(p["subject"] for p in petitions if p["subject"] != subject)]
    return CaseTexts(
        subject=" ".join(subjects),
        headline=subjects[0],
        body="\n".join(text for text in contents if text),
    )


def _petitions(case_ids: list[int]) -> dict[int, list[dict]]:
    petitions = defaultdict(list)
    for row in (
        Petition.objects.filter(case_id__in=case_ids)
        .order_by("received_at", "pk")
        .values(
            "case_id",
            "tracking_code",
            "channel",
            "subject",
            "content",
            "petitioner__full_name",
        )
    ):
        petitions[row["case_id"]].append(row)
    return petitions


def case_texts(cases: Iterable[Case]) -> dict[int, CaseTexts]:
    """Return the texts of these loaded cases as their documents hold them, in one query."""
    cases = list(cases)
    petitions = _petitions([case.pk for case in cases])
    return {
        case.pk: _texts(case.subject, case.findings, case.public_summary, petitions[case.pk])
        for case in cases
    }


def build_documents(case_ids: Iterable[int]) -> list[CaseDocument]:
    """Return the search documents of these cases, in four queries whatever their number."""
    case_ids = list(case_ids)
    if not case_ids:
        return []
    petitions = _petitions(case_ids)
    representatives = defaultdict(list)
    for case_id, name in Petition.representatives.through.objects.filter(
        petition__case_id__in=case_ids
    ).values_list("petition__case_id", "petitioner__full_name"):
        representatives[case_id].append(name)
    readers = defaultdict(list)
    for case_id, user_id in CaseUserObjectPermission.objects.filter(
        Q(content_object_id__in=case_ids), permission__codename=HANDLE_PERMISSION
    ).values_list("content_object_id", "user_id"):
        readers[case_id].append(user_id)

    zone = timezone.get_current_timezone()
    documents = []
    for row in Case.objects.filter(pk__in=case_ids).values(*_CASE_COLUMNS):
        case_id = row["pk"]
        rows = petitions[case_id]
        # Luật Tố cáo 2018, Điều 8: nothing that identifies a denouncer is searchable. A
        # denunciation's people are encrypted apart and its texts stored with them redacted
        # (cases.identity); its names are left out even so.
        names = ""
        if row["kind"] != Kind.DENUNCIATION:
            people = [p["petitioner__full_name"] for p in rows] + representatives[case_id]
            names = " ".join(name for name in people if name)
        texts = _texts(row["subject"], row["findings"], row["public_summary"], rows)
        documents.append(
            CaseDocument(
                case_id=case_id,
                version=row["version"],
                reference=row["reference"],
                kind=row["kind"],
                status=row["status"],
                channel=rows[0]["channel"] if rows else "",
                unit_id=row["unit_id"],
                unit_path=row["unit__path"],
                locality_id=row["locality_id"],
                locality_path=row["locality__path"],
                field_id=row["field_id"],
                year=row["received_at"].astimezone(zone).year,
                received_at=row["received_at"],
                due_on=row["due_on"],
                due_soon_on=row["due_soon_on"],
                readers=sorted(readers[case_id]),
                codes=[p["tracking_code"] for p in rows],
                subject=texts.subject,
                headline=texts.headline,
                names=names,
                places=" ".join([row["locality__name"], row["unit__name"], row["field__name"]]),
                body=texts.body,
            )
        )
    return documents


def _built_with_texts(case_ids: list[int]) -> list[CaseDocument]:
    documents = build_documents(case_ids)
    for document in documents:
        # Normalised here, in the worker, so the parent only sends rows.
        document.weighted_texts, document.accented_text  # noqa: B018
    return documents


def iter_all_documents(*, batch_size: int = 2000, workers: int = 1) -> Iterator[list[CaseDocument]]:
    """Yield every case's document in batches, the most recently received first.

    With several workers, forked processes build the batches while the caller writes them.
    """
    # Newest first: the database backend's table is laid out in this order (see its search).
    ids = list(Case.objects.order_by("-received_at", "-pk").values_list("pk", flat=True))
    batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    if workers <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from map(build_documents, batches)
        return
    # Forked workers must open their own connections, not share the parent's.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_built_with_texts, batches)
