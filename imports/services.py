"""Check a register and import its valid rows: the one entry point of the command and the page."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction
from accounts.services import audit_record
from cases.importing import HistoricalCase, batch_writer
from cases.models import Unit

from .reading import Sheet, open_sheet
from .references import References
from .rows import RowError, RowReader
from .selectors import imported_numbers

DEFAULT_BATCH_SIZE = 1000
# New objects between two passes of the garbage collector over the youngest (700 by default).
COLLECT_EVERY = 20_000


@dataclass
class ImportReport:
    """What a run found and did, row by row and in total."""

    rows_read: int = 0
    valid: int = 0
    imported: int = 0
    already_imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    committed: bool = False

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors


def import_register(
    stream,
    *,
    mapping: dict[str, str] | None = None,
    unit: Unit | None = None,
    actor=None,
    commit: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    name: str = "",
) -> ImportReport:
    """Check every row of a register; with `commit`, write the valid ones batch by batch.

    `unit` is the unit whose register it is: a row's number is its key within that unit's
    register (each row's handling unit when `unit` is None), and rows that name no handling
    unit are handled by it. Rows already imported are skipped and counted, never written
    twice, and a committed run is recorded in the audit trail under `name`, the file's name.
    Each batch is one transaction, so a row is written whole or not at all; with
    `workers` above 1, batches are written by that many processes while the file is read.
    """
    sheet = open_sheet(stream, mapping)
    report = ImportReport(ignored_columns=sheet.header.ignored, committed=commit)
    if sheet.header.missing:
        report.errors = [
            RowError(
                sheet.header_row,
                str(column.label),
                "missing_column",
                _("No column of the file is this column."),
            )
            for column in sheet.header.missing
        ]
        return report
    with _collecting_seldom(), batch_writer(workers) if commit else nullcontext() as writer:
        _Run(sheet, report, unit=unit, actor=actor, writer=writer, progress=progress).run(
            batch_size
        )
    if commit:
        # Counts only: the audit trail holds no petitioner's data. Its commit waits for the
        # disk, and with it every batch before, which did not (`batch_writer`).
        audit_record(
            actor=actor,
            action=AuditAction.REGISTER_IMPORTED,
            target=name,
            details={
                "unit": unit.code if unit else "",
                "rows": report.rows_read,
                "imported": report.imported,
                "already_imported": report.already_imported,
                "rows_with_errors": report.error_rows,
            },
        )
    return report


@contextmanager
def _collecting_seldom() -> Iterator[None]:
    """Run the garbage collector seldom and over new objects only; restore it afterwards.

    Each batch makes tens of thousands of objects that live until it is written. With the
    default thresholds the collector ran every 700 of them, and now and then over every
    object of the process, Django's own included: a sixth of the import's time. Objects
    that exist before are frozen out of its passes, also in the forked writers, which then
    do not copy the pages a pass would touch.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class _Run:
    def __init__(self, sheet: Sheet, report: ImportReport, *, unit, actor, writer, progress):
        self.sheet, self.report, self.unit = sheet, report, unit
        self.writer, self.progress = writer, progress
        self.reader = RowReader(
            header=sheet.header,
            references=References(),
            unit=unit,
            actor=actor,
            today=timezone.localdate(),
        )
        # (register unit, number) -> the first row that used it
        self.seen: dict[tuple[int, str], int] = {}
        # Rows already shown on the progress bar.
        self.counted = 0

    def run(self, batch_size: int) -> None:
        batch: list[tuple[int, HistoricalCase]] = []
        for number, cells in self.sheet.rows:
            self.report.rows_read += 1
            history, errors = self.reader.read(number, cells)
            if history is not None:
                history.external_unit = self.unit or history.unit
                errors = self._duplicate(number, history)
            self.report.errors.extend(errors)
            if not errors:
                batch.append((number, history))
            if len(batch) >= batch_size:
                self._finish(batch)
                batch = []
        self._finish(batch)
        if self.writer:
            self.report.imported += self.writer.finish()

    def _duplicate(self, number: int, history: HistoricalCase) -> list[RowError]:
        key = (history.external_unit.pk, history.external_number)
        first = self.seen.setdefault(key, number)
        if first == number:
            return []
        return [
            RowError(
                number,
                self.sheet.header.title("external_number"),
                "duplicate_number",
                _("The register number “%(number)s” is also on row %(row)d.")
                % {"number": history.external_number, "row": first},
            )
        ]

    def _finish(self, batch: list[tuple[int, HistoricalCase]]) -> None:
        self.report.valid += len(batch)
        new = self._not_imported([history for _number, history in batch])
        self.report.already_imported += len(batch) - len(new)
        if self.writer and new:
            # Two imports of one register at once: the unique number fails the later batch.
            self.report.imported += self.writer.submit(new)
        if self.progress:
            self.progress(self.report.rows_read - self.counted)
            self.counted = self.report.rows_read

    def _not_imported(self, histories: list[HistoricalCase]) -> list[HistoricalCase]:
        if not histories:
            return []
        existing = imported_numbers(
            (history.external_unit.pk, history.external_number) for history in histories
        )
        return [
            history
            for history in histories
            if (history.external_unit.pk, history.external_number) not in existing
        ]
