from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .query import FACET_CODES, FACET_FIELDS

# The year and the text facets' codes (their positions in FACET_CODES) packed in one integer,
# the year highest, each code in _CODE_BITS bits; the highest code stands for a value
# with no code. One integer hashes and sorts at a fraction of the cost of four columns.
_CODE_BITS = max(len(codes) for codes in FACET_CODES.values()).bit_length()
_NO_CODE = (1 << _CODE_BITS) - 1


def _code_sql(name: str) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {code}" for code, value in enumerate(FACET_CODES[name]))
    return f"CASE {FACET_FIELDS[name]} {whens} ELSE {_NO_CODE} END"


def _facet_key_sql() -> str:
    key = "year"
    for name in FACET_CODES:
        key = f"({key} * {1 << _CODE_BITS} + {_code_sql(name)})"
    return key


# The same text for both databases: SQLite's index on it is matched by its text.
FACET_KEY_SQL = _facet_key_sql()


def facet_key_values(key: int) -> dict:
    """The year and the text facets' values (None: no code) a facet key packs, by column."""
    values = {}
    for name in reversed(FACET_CODES):
        codes, code = FACET_CODES[name], key & _NO_CODE
        values[FACET_FIELDS[name]] = codes[code] if code < len(codes) else None
        key >>= _CODE_BITS
    return {**values, "year": key}


class IndexedCase(models.Model):
    """The database backend's search row of one case: filter columns and weighted text.

    On PostgreSQL `document` (folded, weighted) and `accented` are tsvectors with GIN
    indexes; on SQLite the text lives in the FTS5 table `search_case_fts` (rowid = case).
    No foreign key: the table is rebuilt beside this one and swapped in by renaming.
    """

    # The columns every match's facets are counted from come first, fixed in width, so that
    # PostgreSQL reads them at known offsets without stepping over the texts (pg_search).
    case_id = models.BigIntegerField(primary_key=True)
    unit_id = models.BigIntegerField()
    locality_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    received_at = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    facet_key = models.GeneratedField(
        expression=RawSQL(FACET_KEY_SQL, []), output_field=models.IntegerField(), db_persist=True
    )
    due_on = models.DateField(null=True)
    due_soon_on = models.DateField(null=True)
    version = models.PositiveIntegerField()
    indexed_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16)
    status = models.CharField(max_length=16)
    channel = models.CharField(max_length=16)
    unit_path = models.CharField(max_length=255)
    locality_path = models.CharField(max_length=255)
    document = SearchVectorField(null=True)
    accented = SearchVectorField(null=True)

    class Meta:
        db_table = "search_case"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class OutboxEntry(models.Model):
    """A case whose search document must be delivered; written with the change itself."""

    case_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox entries")
        indexes = [models.Index(fields=["next_attempt_at", "id"], name="search_outbox_due")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk}"
