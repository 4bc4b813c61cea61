import os
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cases.models import Case
from search.backends import get_backend
from search.services import index_rebuild, outbox_deliver


class Command(BaseCommand):
    help = "Rebuild the search index from the database; searches use the old one until the switch."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes building documents while this one writes them (PostgreSQL).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the index holds nothing yet (a first start).",
        )

    def handle(self, *args, batch_size: int, workers: int, if_empty: bool, **options):
        total = Case.objects.count()
        if if_empty and (not total or not get_backend().is_empty()):
            return
        started = time.perf_counter()
        with tqdm(total=total, unit="case", disable=options["verbosity"] == 0) as bar:
            count = index_rebuild(progress=bar.update, batch_size=batch_size, workers=workers)
        seconds = time.perf_counter() - started
        # Changes that queued while the index was being switched go out now.
        outbox_deliver()
        self.stdout.write(
            f"indexed {count} cases in {seconds:.1f} s ({count / max(seconds, 1e-9):,.0f} cases/s)"
        )
