"""`manage.py import_register FILE [--mapping F] [--commit] [--batch-size N] [--unit CODE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from cases.models import Unit
from imports.columns import MappingError, parse_mapping
from imports.reading import UnreadableFile
from imports.services import DEFAULT_BATCH_SIZE, ImportReport, import_register


class Command(BaseCommand):
    help = (
        "Check a register of past petitions (.xlsx or .csv) row by row; with --commit, "
        "import its valid rows. Exits with status 1 when any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The register: an .xlsx or a CSV file.")
        parser.add_argument(
            "--mapping", type=Path, help="JSON or TOML file mapping the file's headers to columns."
        )
        parser.add_argument(
            "--commit", action="store_true", help="Write the valid rows (default: dry run)."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help="Rows per transaction.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes writing batches while the file is read (with --commit).",
        )
        parser.add_argument(
            "--unit",
            help="Code of the unit whose register it is; handles rows that name no unit.",
        )

    def handle(self, *args, file: Path, mapping, commit, batch_size, workers, unit, **options):
        if min(batch_size, workers) < 1:
            raise CommandError("--batch-size and --workers must be at least 1.")
        if workers > 1 and connection.in_atomic_block:
            raise CommandError("Other processes cannot see this transaction: use --workers 1.")
        register_unit = None
        if unit:
            register_unit = Unit.objects.filter(code=unit).first()
            if register_unit is None:
                raise CommandError(_("Unknown unit “%(value)s”.") % {"value": unit})
        try:
            columns = parse_mapping(mapping.read_bytes(), name=mapping.name) if mapping else None
            with (
                file.open("rb") as stream,
                tqdm(
                    desc=_("Importing") if commit else _("Checking"),
                    unit=_("row"),
                    disable=None,
                    file=self.stderr,
                ) as bar,
            ):
                report = import_register(
                    stream,
                    mapping=columns,
                    unit=register_unit,
                    commit=commit,
                    batch_size=batch_size,
                    workers=workers,
                    progress=bar.update,
                    name=file.name,
                )
        except (OSError, MappingError, UnreadableFile) as exc:
            raise CommandError(str(exc)) from exc
        self._print(report)
        if not report.ok:
            count = report.error_rows
            raise CommandError(
                ngettext(
                    "%(count)d row has errors; see above.",
                    "%(count)d rows have errors; see above.",
                    count,
                )
                % {"count": count}
            )

    def _print(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stdout.write(
                _("Row %(row)d, column “%(column)s”: %(reason)s")
                % {"row": error.row, "column": error.column, "reason": error.message}
            )
        if report.ignored_columns:
            columns = ", ".join(report.ignored_columns)
            self.stdout.write(_("Columns not imported: %(columns)s") % {"columns": columns})
        self.stdout.write(
            _(
                "Rows read: %(read)d; valid: %(valid)d; imported: %(imported)d; "
                "skipped as already imported: %(skipped)d; with errors: %(errors)d."
            )
            % {
                "read": report.rows_read,
                "valid": report.valid,
                "imported": report.imported,
                "skipped": report.already_imported,
                "errors": report.error_rows,
            }
        )
        if not report.committed:
            self.stdout.write(_("Dry run: nothing was written. Add --commit to import."))
