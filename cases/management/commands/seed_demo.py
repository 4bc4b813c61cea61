"""`manage.py seed_demo`: a demo province with staff and about 500 cases with real histories.

Every petition goes through `petition_register` and every step through `case_transition`,
so events, permissions and due dates are the ones the application itself writes. A second
run finds the data and only prints the logins.
"""

import random
from itertools import islice
from time import monotonic

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from cases.deadlines import WorkingCalendar
from cases.demo.organisation import PASSWORD, SEED, DemoOrganisation, ensure_organisation
from cases.demo.planner import CasePlanner, carry_out, second_time_candidates
from cases.models import Case
from cases.signals import changes_batched, demo_seeded

DEMO_CASES = 500
SECOND_TIME_CASES = 8
# About eight months of working days.
DEMO_WORKING_DAYS = 170


class Command(BaseCommand):
    help = "Create the demo organisation, staff and about 500 cases; does nothing if they exist."

    def handle(self, *args, **options):
        started = monotonic()
        # One search update for all the demo cases, at the end of their transaction.
        with transaction.atomic(), changes_batched():
            organisation = ensure_organisation()
            if Case.objects.exists():
                self.stdout.write("Cases already exist; no demo cases added.")
            else:
                count = self._seed_cases(organisation)
                self.stdout.write(f"Created {count} demo cases in {monotonic() - started:.1f} s.")
            extras = [line for _receiver, line in demo_seeded.send(sender=self.__class__) if line]
        self._print_logins(organisation)
        for line in extras:
            self.stdout.write(line)

    def _seed_cases(self, organisation: DemoOrganisation) -> int:
        planner = CasePlanner(
            organisation,
            rng=random.Random(SEED),
            calendar=WorkingCalendar.load(),
            now=timezone.now(),
            working_days=DEMO_WORKING_DAYS,
        )
        done = []
        for _ in tqdm(range(DEMO_CASES), desc="Demo cases", unit="case"):
            plan = planner.plan()
            done.append((carry_out(plan), plan))
        return len(done) + self._seed_second_time(planner, organisation, done)

    def _seed_second_time(
        self, planner: CasePlanner, organisation: DemoOrganisation, done: list
    ) -> int:
        """Contest some commune decisions at the province; return how many were lodged."""
        follow_ups = (
            planner.plan_second_time(first, plan.petition.petitioner)
            for first, plan in second_time_candidates(organisation, done)
        )
        lodged = list(islice(filter(None, follow_ups), SECOND_TIME_CASES))
        for plan in lodged:
            carry_out(plan)
        return len(lodged)

    def _print_logins(self, organisation: DemoOrganisation) -> None:
        rows = [("username", "role", "unit")] + [
            (spec.username, str(spec.role.label), organisation.units[spec.unit_code].name)
            for spec in organisation.staff
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(f"\nDemo logins (password {PASSWORD!r}):")
        for index, row in enumerate(rows):
            cells = (value.ljust(width) for value, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
