"""Report benchmark on PostgreSQL: `python -m tests.preflight python -m bench.reports`.

Uses the search benchmark's database of BENCH_SEARCH_CASES generated cases (200,000;
`bench.search.prepare` generates it once, then reuses it and applies any newer migrations
such as report indexes), then times in this process, after a warm-up, the yearly report of
the province as its leader and a commune's quarterly report as that commune's leader,
with the locality view beside them.
"""

import os
import statistics
import time

from . import database, search
from .report import Row, milliseconds, publish, verdict

RESULTS = database.PROJECT_DIR / "var" / "bench" / "reports.txt"
ROUNDS = 7
YEARLY_TARGET_MS = 2000
QUARTERLY_TARGET_MS = 300


def say(message: str) -> None:
    print(f"bench.reports: {message}", flush=True)


def timings(function, rounds: int = ROUNDS) -> tuple[float, float]:
    function()  # warm-up
    values = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(values), search.percentile(values, 0.95)


def run_in_process(env: dict) -> list[Row]:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from cases.models import Unit, User
    from cases.permissions import Role
    from reports.periods import period_from_shorthand
    from reports.selectors import locality_figures, periodic_report

    with connection.cursor() as cursor:
        # Autovacuum would long since have analysed tables this size and marked their pages
        # all-visible, which the report's index-only scans rely on.
        cursor.execute("VACUUM ANALYZE cases_case, cases_petition, cases_caseevent")
    today = timezone.localdate()
    year = period_from_shorthand(str(today.year))
    # The last whole quarter.
    done = (today.month - 1) // 3
    quarter = period_from_shorthand(f"{today.year}-Q{done}" if done else f"{today.year - 1}-Q4")
    leader = User.objects.get(username="leader")
    province = leader.unit
    commune_leader = (
        User.objects.filter(groups__name=Role.LEADER, unit__parent=province)
        .exclude(unit__kind=Unit.Kind.DEPARTMENT)
        .order_by("username")
        .first()
    )
    commune = commune_leader.unit

    def yearly():
        return periodic_report(user=leader, period=year, unit=province)

    def quarterly():
        return periodic_report(user=commune_leader, period=quarter, unit=commune)

    def map_yearly():
        return locality_figures(user=leader, period=year, unit=province)

    rows = []
    for name, function, target in (
        (
            f"yearly report {year.shorthand}, province leader, {province.code}",
            yearly,
            YEARLY_TARGET_MS,
        ),
        (
            f"quarterly report {quarter.shorthand}, commune leader, {commune.code}",
            quarterly,
            QUARTERLY_TARGET_MS,
        ),
        (f"locality view {year.shorthand}, province leader", map_yearly, None),
    ):
        say(name)
        p50, p95 = timings(function)
        figures = function()
        size = getattr(figures, "received", None)
        value = f"p50 {milliseconds(p50)}, p95 {milliseconds(p95)}"
        if size is not None:
            value += f"; {size:,} petitions received"
        rows.append(
            Row(
                name,
                value,
                f"p95 < {target:,} ms" if target else "—",
                verdict(p95 < target) if target else "—",
            )
        )
    return rows


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tiepdan")
    cases = search.cases_setting()
    env = search.environment(database_url, cases)
    rows = search.prepare(database_url, env, cases)
    rows += run_in_process(env)
    notes = [
        f"{cases:,} generated cases on PostgreSQL; {os.cpu_count()} cores shared with the "
        f"database. In-process calls of reports.selectors, {ROUNDS} rounds after a warm-up.",
    ]
    publish(rows, notes, RESULTS)


if __name__ == "__main__":
    main()
