"""`manage.py generate_cases --count N`: historical cases in bulk, for benchmarks.

Petitions and histories come from the demo planner of `seed_demo`; `cases.importing` writes
each case in its final state, batch by batch with bulk inserts.
"""

import multiprocessing
import os
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from random import Random
from time import monotonic

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.utils import timezone
from tqdm import tqdm

from cases.demo.organisation import SEED, ensure_organisation
from cases.demo.planner import CasePlan, CasePlanner
from cases.importing import HistoricalCase, HistoryWriter

# About eighteen months of working days, so that the oldest cases name a former district.
GENERATED_WORKING_DAYS = 380


class BatchJob:
    """Plan and write numbered batches; each process builds one and reuses it."""

    def __init__(self, *, seed: int, now: datetime):
        self.seed, self.now = seed, now
        self.organisation = ensure_organisation()
        self.writer = HistoryWriter.load()

    def run(self, batch: tuple[int, int]) -> int:
        """Write batch number `index` of `size` cases and return its size."""
        index, size = batch
        # One generator per batch: the data depend on the seed, not on which process wrote it.
        planner = CasePlanner(
            self.organisation,
            rng=Random(f"{self.seed}:{index}"),
            calendar=self.writer.calendar,
            now=self.now,
            working_days=GENERATED_WORKING_DAYS,
        )
        self.writer.write([_history(planner.plan()) for _ in range(size)])
        return size


def _history(plan: CasePlan) -> HistoricalCase:
    office = plan.office
    return HistoricalCase(
        unit=office.unit,
        registrar=office.registrar,
        petition=plan.petition,
        duplicates=plan.duplicates,
        steps=plan.steps,
    )


# The job of a worker process, set up once by its initializer.
_worker_job: BatchJob | None = None


def _start_worker(seed: int, now: datetime) -> None:
    global _worker_job
    _worker_job = BatchJob(seed=seed, now=now)


def _run_in_worker(batch: tuple[int, int]) -> int:
    return _worker_job.run(batch)


class Command(BaseCommand):
    help = "Generate historical cases in bulk for benchmarks; creates the demo organisation."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many cases to write.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Cases per transaction.")
        parser.add_argument("--seed", type=int, default=SEED, help="Seed of the random generator.")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes writing batches in parallel (default: one per CPU).",
        )

    def handle(self, *args, count: int, batch_size: int, seed: int, workers: int, **options):
        if min(count, batch_size, workers) < 1:
            raise CommandError("--count, --batch-size and --workers must be at least 1.")
        if workers > 1 and connection.in_atomic_block:
            raise CommandError("Other processes cannot see this transaction: use --workers 1.")
        started, now = monotonic(), timezone.now()
        # Created here, once, before any worker looks for it.
        ensure_organisation()
        batches = [
            (index, min(batch_size, count - start))
            for index, start in enumerate(range(0, count, batch_size))
        ]
        with (
            _batch_writer(seed=seed, now=now, workers=workers) as write,
            tqdm(total=count, desc="Generating cases", unit="case", unit_scale=True) as progress,
        ):
            for size in write(batches):
                progress.update(size)
        elapsed = monotonic() - started
        self.stdout.write(
            f"Generated {count:,} cases in {elapsed:.1f} s ({count / elapsed:,.0f} cases/s)."
        )


@contextmanager
def _batch_writer(*, seed: int, now: datetime, workers: int):
    """Yield a function that writes batches and yields the size of each as it is done."""
    if workers == 1 or connection.vendor == "sqlite":
        # SQLite takes one writer at a time.
        yield partial(map, BatchJob(seed=seed, now=now).run)
        return
    # Forked workers must open their own connections, not share the parent's.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(seed, now)) as pool:
        yield partial(pool.imap_unordered, _run_in_worker)
