"""`manage.py backup DEST`: the database, the uploaded files and a manifest, never the keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup into a new directory: a pg_dump (custom format), a copy of MEDIA_ROOT "
        "and a manifest of row counts and SHA-256 sums. The secret and identity keys are never "
        "in it: keep them apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="A new or empty directory.")

    def handle(self, *args, destination: Path, **options):
        try:
            summary = backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {summary.tables} tables ({summary.rows:,} rows) and {summary.files} "
            f"files to {destination}."
        )
