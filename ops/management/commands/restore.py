"""`manage.py restore SRC`: a backup into an empty database, checked against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and MEDIA_ROOT, "
        "then check row counts, file sums and that the identity keys read it."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The backup's directory.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop what the database and MEDIA_ROOT hold and put the backup in its place.",
        )

    def handle(self, *args, source: Path, replace: bool, **options):
        try:
            summary = restore(source, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {summary.tables} tables ({summary.rows:,} rows) and {summary.files} files; "
            "counts and sums match the manifest. Next: `manage.py search_reindex`."
        )
