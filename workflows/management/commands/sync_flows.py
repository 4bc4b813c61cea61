"""`manage.py sync_flows`: bring every open case's process up to date with its events.

Cases written in bulk (`generate_cases`) or recorded while the flow's catch-up failed get
their process here; the flow replays their event log from receipt.
"""

from django.core.management.base import BaseCommand

from cases.models import OPEN_STATUSES, Case, Status
from workflows.sync import flow_sync


class Command(BaseCommand):
    help = "Start or catch up the process of every open case."

    def handle(self, *args, **options):
        count = 0
        # An answered complaint still waits for its closing step.
        statuses = [*OPEN_STATUSES, Status.RESPONDED]
        for case in Case.objects.filter(status__in=statuses).only("pk").iterator():
            flow_sync(case)
            count += 1
        self.stdout.write(f"Synchronised {count} case(s).")
