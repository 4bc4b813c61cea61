from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, SmallIntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .query import FACET_CODES


def _coded(name: str) -> models.GeneratedField:
    """The text column `name` as its small code in FACET_CODES, kept by the database."""
    return models.GeneratedField(
        expression=Case(
            *(
                When(**{name: value}, then=Value(code))
                for code, value in enumerate(FACET_CODES[name])
            )
        ),
        output_field=SmallIntegerField(null=True),
        db_persist=True,
    )


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
    kind_code = _coded("kind")
    status_code = _coded("status")
    channel_code = _coded("channel")
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
