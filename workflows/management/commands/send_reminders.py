"""`manage.py send_reminders`: the daily digest of overdue and due-soon cases."""

from datetime import date

from django.core.management.base import BaseCommand

from workflows.notifications import send_reminders


class Command(BaseCommand):
    help = "Mail each handler and leader the cases of theirs that are overdue or due soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, help="The day to report on (default: today)."
        )

    def handle(self, *args, **options):
        sent = send_reminders(options["date"])
        self.stdout.write(f"Sent {sent} digest(s).")
