"""`manage.py sync_flows`: bring every open case's process up to date with its events.

Cases written in bulk before their processes were written with them, or recorded while the
flow's catch-up failed, get their process here; the flow replays their event log from
receipt. `--check` only reports the cases whose flow disagrees with them, and fails if there
is any.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from workflows.selectors import flow_disagreement
from workflows.sync import FLOWING_STATUSES, flow_sync


class Command(BaseCommand):
    help = "Start or catch up the process of every open case."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: list the cases whose flow disagrees, and fail if any does.",
        )

    def handle(self, *args, check: bool, **options):
        cases = Case.objects.filter(status__in=FLOWING_STATUSES).order_by("pk")
        if check:
            self._check(cases)
            return
        count = repaired = 0
        for case in cases.iterator():
            if flow_disagreement(case):
                repaired += 1
            flow_sync(case)
            count += 1
        self.stdout.write(f"Synchronised {count} case(s); {repaired} needed repair.")

    def _check(self, cases) -> None:
        found = 0
        for case in cases.iterator():
            reason = flow_disagreement(case)
            if reason:
                found += 1
                self.stdout.write(f"{case.reference}: {reason}")
        if found:
            raise CommandError(f"{found} case(s) disagree with their flow.")
        self.stdout.write("Every open case agrees with its flow.")
