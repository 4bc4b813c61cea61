"""The Elasticsearch index of cases: analysis that folds Vietnamese like the normalizer, mapping.

The analyzers split, fold and strip leading zeros as `search.normalizer.tokens` does, so a
word the database backend matches is a word Elasticsearch matches. Text is sent in NFC, the
form the normalizer folds, since the built-in filters do not recombine decomposed accents.
"""

import unicodedata
from datetime import datetime

from elasticsearch_dsl import (
    Date,
    Index,
    Keyword,
    Long,
    Mapping,
    Text,
    analyzer,
    char_filter,
    token_filter,
    tokenizer,
)

from ..documents import CaseDocument

# The normalizer's words: runs of letters and digits (Python's \w without the underscore).
_words = tokenizer("vi_words", "pattern", pattern="[^\\p{L}\\p{N}]+")
# "000123" and "123" are the same number, as `normalizer.tokens` has it.
_zeros = token_filter("vi_zeros", "pattern_replace", pattern="^0+(?=\\p{N}+$)", replacement="")
# asciifolding folds đ too; the explicit mapping keeps that certain for either case.
_d = char_filter("vi_d", "mapping", mappings=["đ => d", "Đ => d"])

FOLDED = analyzer(
    "vi_folded", tokenizer=_words, char_filter=[_d], filter=["lowercase", "asciifolding", _zeros]
)
ACCENTED = analyzer("vi_accented", tokenizer=_words, filter=["lowercase", _zeros])

# Text fields and their weights: codes and subject above names and places, above the body.
TEXT_FIELDS = {"codes": 4, "subject": 4, "names": 2, "places": 2, "body": 1}
ACCENTED_FIELDS = {f"{name}.accented": weight for name, weight in TEXT_FIELDS.items()}
KEYWORD_FIELDS = (
    "reference",
    "kind",
    "status",
    "channel",
    "unit_id",
    "unit_path",
    "locality_id",
    "locality_path",
    "field_id",
    "year",
    "readers",
    "compact_codes",
)
DATE_FIELDS = ("received_at", "due_on", "due_soon_on", "indexed_at")


def _text() -> Text:
    return Text(analyzer=FOLDED, fields={"accented": Text(analyzer=ACCENTED)})


def case_mapping() -> Mapping:
    mapping = Mapping()
    # Strict: a field the code forgot to map is an error, not a guess by the engine.
    mapping.meta("dynamic", "strict")
    mapping.field("case_id", Long())
    mapping.field("version", Long())
    for name in KEYWORD_FIELDS:
        mapping.field(name, Keyword())
    for name in DATE_FIELDS:
        mapping.field(name, Date())
    for name in TEXT_FIELDS:
        mapping.field(name, _text())
    return mapping


def case_index(name: str, *, alias: str | None = None) -> Index:
    """Return the definition of a case index called `name`, optionally behind `alias`."""
    index = Index(name)
    index.mapping(case_mapping())
    if alias:
        index.aliases(**{alias: {}})
    return index


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _id(value: int | None) -> str | None:
    # Identifiers are keywords: exact terms, cheap to filter and to count.
    return None if value is None else str(value)


def case_source(document: CaseDocument, *, indexed_at: datetime) -> dict:
    """Return the indexed form of a case; `indexed_at` lets a rebuild carry over later writes."""
    return {
        "case_id": document.case_id,
        "version": document.version,
        "indexed_at": indexed_at.isoformat(),
        "reference": document.reference,
        "kind": document.kind,
        "status": document.status,
        "channel": document.channel,
        "unit_id": _id(document.unit_id),
        "unit_path": document.unit_path,
        "locality_id": _id(document.locality_id),
        "locality_path": document.locality_path,
        "field_id": _id(document.field_id),
        "year": _id(document.year),
        "received_at": document.received_at.isoformat(),
        "due_on": document.due_on.isoformat() if document.due_on else None,
        "due_soon_on": document.due_soon_on.isoformat() if document.due_soon_on else None,
        "readers": [str(user_id) for user_id in document.readers],
        "compact_codes": document.compact_codes,
        "codes": _nfc(document.code_text),
        "subject": _nfc(document.subject),
        "names": _nfc(document.names),
        "places": _nfc(document.places),
        "body": _nfc(document.body),
    }
