"""A fixed relevance set for case search: Vietnamese cases, queries, and the cases each must find.

The corpus is loaded through the services that staff use (`petition_register`,
`case_transition`), so it is indexed the way real cases are. Every query names the cases
that must be among its first five results; some also say which of two cases must rank
first (an exact phrase above scattered words, an accented match above one that only folds
alike) or which case must never be found (a denouncer's identity,
docs/search.md#what-is-searchable).

The cases and their organisation are data in `corpus.json`, the queries in `queries.json`;
this module loads and runs them. Used by the tests and by `manage.py search_relevance`, which
prints the table per backend.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    ArchiveReason,
    Case,
    Channel,
    Field,
    Kind,
    Locality,
    Status,
    Unit,
    User,
)
from cases.permissions import Role
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from ..query import SearchQuery
from ..selectors import search_cases

TOP = 5

DATA = Path(__file__).resolve().parent
# The organisation and its cases; the queries and what each must find (see `_query`).
_CORPUS = json.loads((DATA / "corpus.json").read_text(encoding="utf-8"))
_QUERIES = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
READER = _CORPUS["reader"]


# --- The corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusCase:
    """One case of the corpus: its first petition, later petitions joining it, its state."""

    key: str
    kind: str
    field: str
    locality: str
    received: date
    subject: str
    content: str
    petitioner: PetitionerData | None = None
    representatives: tuple[PetitionerData, ...] = ()
    group_size: int = 1
    channel: str = Channel.POST
    status: str = Status.RECEIVED
    findings: str = ""
    summary: str = ""
    # Later petitions about the same matter: (who, content); they join this case.
    joined: tuple[tuple[PetitionerData, str], ...] = ()


def _corpus_case(data: dict) -> CorpusCase:
    return CorpusCase(
        **{
            **data,
            "received": date.fromisoformat(data["received"]),
            "petitioner": PetitionerData(**data["petitioner"]) if "petitioner" in data else None,
            "representatives": tuple(
                PetitionerData(**person) for person in data.get("representatives", ())
            ),
            "joined": tuple(
                (PetitionerData(**joined["petitioner"]), joined["content"])
                for joined in data.get("joined", ())
            ),
        }
    )


CORPUS = [_corpus_case(case) for case in _CORPUS["cases"]]


# --- The queries ---------------------------------------------------------------------------


@dataclass
class LoadedCorpus:
    """The corpus as loaded: case keys ↔ cases, and the petitions' tracking codes."""

    cases: dict[str, Case]
    codes: dict[str, list[str]]
    reader: User

    def key_of(self, case_id: int) -> str:
        return self._keys[case_id]

    def __post_init__(self) -> None:
        self._keys = {case.pk: key for key, case in self.cases.items()}

    def reference(self, key: str) -> str:
        return self.cases[key].reference

    def code(self, key: str, index: int = 0) -> str:
        return self.codes[key][index]


Text = str | Callable[[LoadedCorpus], str]


@dataclass(frozen=True)
class RelevanceQuery:
    """A query and what it must find.

    `expected`: keys that must all be among the first five results; `above`: pairs (a, b)
    where both are found and a ranks above b; `absent`: keys that must not be found at all.
    A text or `expected` given as a function is computed from the loaded corpus (codes are
    random, so a code typed loosely is made from the real one).
    """

    text: Text
    expected: tuple[str, ...] | Callable[[LoadedCorpus], tuple[str, ...]] = ()
    above: tuple[tuple[str, str], ...] = ()
    absent: tuple[str, ...] = ()
    about: str = ""

    def resolve(self, corpus: LoadedCorpus) -> tuple[str, tuple[str, ...]]:
        text = self.text(corpus) if callable(self.text) else self.text
        expected = self.expected(corpus) if callable(self.expected) else self.expected
        return text, expected


def typed_reference(reference: str) -> str:
    """Return a reference as a person might type it: "KN-2026-000012" → "kn 2026 12"."""
    prefix, year, number = reference.split("-")
    return f"{prefix.lower()} {year} {int(number)}"


def _lookalike_case(corpus: LoadedCorpus) -> str:
    """Return the first case whose first tracking code holds a 0 or a 1, to type as O and L."""
    for key in sorted(corpus.codes):
        if set(corpus.code(key)[3:]) & {"0", "1"}:
            return key
    return sorted(corpus.codes)[0]


# How a reference or tracking code is written in a query: "KN-2026-000012" as it is, as a
# person types it ("kn 2026 12"), without hyphens in lower case, with spaces, in lower case,
# or with O for 0 and L for 1.
WRITTEN = {
    "as is": lambda value: value,
    "typed": lambda value: typed_reference(value),
    "joined lower": lambda value: value.replace("-", "").lower(),
    "spaced": lambda value: value.replace("-", " "),
    "lower": str.lower,
    "lookalike": lambda value: value.replace("-", "").replace("0", "O").replace("1", "l").lower(),
}


def _computed_text(spec: dict) -> Callable[[LoadedCorpus], str]:
    """Return the query text made from a loaded case's reference or petition's code."""
    written = WRITTEN[spec.get("written", "as is")]
    if "reference" in spec:
        return lambda corpus: written(corpus.reference(spec["reference"]))
    if spec["code"] == "lookalike":
        return lambda corpus: written(corpus.code(_lookalike_case(corpus)))
    return lambda corpus: written(corpus.code(spec["code"], spec.get("petition", 0)))


def _query(data: dict) -> RelevanceQuery:
    text = data["text"]
    expected = data.get("expected", ())
    return RelevanceQuery(
        text if isinstance(text, str) else _computed_text(text),
        (lambda corpus: (_lookalike_case(corpus),)) if expected == "lookalike" else tuple(expected),
        above=tuple(tuple(pair) for pair in data.get("above", ())),
        absent=tuple(data.get("absent", ())),
        about=data.get("about", ""),
    )


QUERIES = [_query(query) for query in _QUERIES]


# --- Loading and running --------------------------------------------------------------------


class CorpusNotLoadable(Exception):
    """The database already holds cases or units: the corpus needs an empty one."""


def _make_user(username: str, unit: Unit, role: Role) -> User:
    user = User.objects.create_user(username=username, password=None, unit=unit)
    user.groups.add(Group.objects.get(name=role))
    return user


def _received_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def _steps(spec: CorpusCase, leader: User, handler: User) -> list[tuple[str, User, dict]]:
    """Return the transitions that bring a new case of this spec to its status."""
    findings = spec.findings or "Đã xác minh nội dung đơn."
    summary = spec.summary or "Đã xem xét, trả lời công dân."
    accept = [("accept", leader, {})]
    verifying = [*accept, ("assign", leader, {"handler": handler.username})]
    proposed = [*verifying, ("submit_report", handler, {"findings": findings})]
    resolve = {
        "outcome": "partly_upheld",
        "decision_number": "15/QĐ-UBND",
        "decision_date": timezone.localdate().isoformat(),
        "public_summary": summary,
    }
    resolved = [*proposed, ("resolve", leader, resolve)]
    responded = [*resolved, ("respond", handler, {"method": "post"})]
    anonymous_denunciation = spec.petitioner is None and spec.kind == Kind.DENUNCIATION
    archive_reason = ArchiveReason.ANONYMOUS if anonymous_denunciation else "unclear"
    return {
        Status.RECEIVED: [],
        Status.ACCEPTED: accept,
        Status.VERIFYING: verifying,
        Status.PROPOSED: proposed,
        Status.RESOLVED: resolved,
        Status.RESPONDED: responded,
        Status.CLOSED: [*responded, ("close", leader, {})],
        Status.FORWARDED: [("forward", leader, {"to_agency": "Sở Tài nguyên và Môi trường"})],
        Status.GUIDED: [("guide", leader, {"note": "Hướng dẫn công dân gửi đơn đến Tòa án."})],
        Status.ARCHIVED: [("archive", leader, {"reason": archive_reason})],
    }[spec.status]


@transaction.atomic
def load_corpus() -> LoadedCorpus:
    """Create the organisation and the corpus cases through the services; return them."""
    if Case.objects.exists() or Unit.objects.exists():
        raise CorpusNotLoadable("The relevance corpus needs a database without cases or units.")
    units: dict[str, Unit] = {}
    for unit in _CORPUS["units"]:
        units[unit["code"]] = Unit.objects.create(
            code=unit["code"],
            name=unit["name"],
            kind=Unit.Kind.PEOPLES_COMMITTEE,
            parent=units.get(unit["parent"]),
        )
    province = Locality.objects.create(
        code=_CORPUS["province_locality"],
        name=_CORPUS["province_locality_name"],
        level=Locality.Level.PROVINCE,
    )
    localities = {
        locality["code"]: Locality.objects.create(
            code=locality["code"], name=locality["name"], level="commune", parent=province
        )
        for locality in _CORPUS["localities"]
    }
    handling_unit = {locality["code"]: locality["unit"] for locality in _CORPUS["localities"]}
    fields = {
        field_["code"]: Field.objects.create(
            code=field_["code"], name=field_["name"], sort_order=index
        )
        for index, field_ in enumerate(_CORPUS["fields"])
    }
    leader = _make_user(READER, units[_CORPUS["province_unit"]], Role.LEADER)
    handlers = {
        code: _make_user(f"relevance-handler-{code}", unit, Role.HANDLER)
        for code, unit in units.items()
    }

    cases: dict[str, Case] = {}
    codes: dict[str, list[str]] = {}
    for spec in CORPUS:
        unit = units[handling_unit[spec.locality]]
        data = PetitionInput(
            kind=spec.kind,
            channel=spec.channel,
            subject=spec.subject,
            content=spec.content,
            locality=localities[spec.locality],
            field=fields[spec.field],
            petitioner=spec.petitioner,
            representatives=spec.representatives,
            group_size=spec.group_size,
            received_at=_received_at(spec.received),
        )
        petition = petition_register(actor=leader, data=data, unit=unit)
        codes[spec.key] = [petition.tracking_code]
        for person, content in spec.joined:
            joined = petition_register(
                actor=leader,
                data=PetitionInput(
                    kind=spec.kind,
                    channel=Channel.POST,
                    subject=spec.subject,
                    content=content,
                    locality=localities[spec.locality],
                    field=fields[spec.field],
                    petitioner=person,
                    received_at=_received_at(spec.received),
                    duplicate_of=petition.case,
                ),
                unit=unit,
            )
            codes[spec.key].append(joined.tracking_code)
        case = petition.case
        for name, actor, fields_ in _steps(spec, leader, handlers[unit.code]):
            case = case_transition(case=case, actor=actor, name=name, data=fields_)
        cases[spec.key] = case
    return LoadedCorpus(cases=cases, codes=codes, reader=leader)


@dataclass
class QueryResult:
    query: RelevanceQuery
    text: str
    expected: tuple[str, ...]
    # Keys of the cases found, best first (the first page of 20).
    found: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def run_query(corpus: LoadedCorpus, query: RelevanceQuery, *, user=None) -> QueryResult:
    text, expected = query.resolve(corpus)
    page = search_cases(
        user=user or corpus.reader,
        query=SearchQuery(text=text, page_size=20, with_facets=False),
    )
    found = [corpus.key_of(item.case.pk) for item in page.results]
    result = QueryResult(query=query, text=text, expected=expected, found=found)
    top = found[:TOP]
    missing = [key for key in expected if key not in top]
    if missing:
        result.problems.append(f"not in the top {TOP}: {', '.join(missing)}")
    for first, second in query.above:
        if first not in found or second not in found:
            absent = [key for key in (first, second) if key not in found]
            result.problems.append(f"not found, so not ranked: {', '.join(absent)}")
        elif found.index(first) > found.index(second):
            result.problems.append(f"{second} ranks above {first}")
    leaked = [key for key in query.absent if key in found]
    if leaked:
        result.problems.append(f"found, must not be: {', '.join(leaked)}")
    return result


def run_relevance(corpus: LoadedCorpus, *, user=None) -> list[QueryResult]:
    return [run_query(corpus, query, user=user) for query in QUERIES]


def backend_label() -> str:
    from ..backends import get_backend

    return f"{type(get_backend()).__name__} on {connection.vendor}"


def format_table(results: list[QueryResult]) -> str:
    """Return the results as a plain-text table, one line per query, then the pass count."""
    rows = [("#", "query", "expected", f"top {TOP}", "pass")]
    for number, result in enumerate(results, 1):
        expected = list(result.expected)
        expected += [f"{a}>{b}" for a, b in result.query.above]
        expected += [f"not {key}" for key in result.query.absent]
        rows.append(
            (
                str(number),
                result.text,
                " ".join(expected),
                " ".join(result.found[:TOP]) or "—",
                "yes" if result.passed else "NO: " + "; ".join(result.problems),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    ]
    passed = sum(result.passed for result in results)
    lines.append(f"passed {passed} of {len(results)} queries ({backend_label()})")
    return "\n".join(lines)
