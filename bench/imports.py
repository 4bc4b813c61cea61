"""Import benchmark on PostgreSQL: `python -m tests.preflight python -m bench.imports`.

Creates its own database with the demo organisation, writes a register of BENCH_IMPORT_ROWS
rows (100,000) as an .xlsx workbook, then times `manage.py import_register` as an
administrator would run it: the dry run, the import with --commit in one process, the same
import again (every row already imported), and a second register of as many new rows with
--workers BENCH_IMPORT_WORKERS (2). Each import writes the cases' flows with them, so the
open cases are in the queues when it ends. Beside the wall-clock rate, each row gives the
import's own CPU time (its processes, not PostgreSQL's), which a busy machine disturbs less.
The table also goes to var/bench/imports.txt.
"""

import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg

from tests.register_samples import Places, sample_rows, write_xlsx

from . import database
from .report import Row, publish, rate, setting, verdict

DATABASE_NAME = "tiepdan_import_bench"
RESULTS = database.PROJECT_DIR / "var" / "bench" / "imports.txt"
TARGET_RATE = 2000
BATCH_SIZE = 1000


def say(message: str) -> None:
    print(f"bench.imports: {message}", flush=True)


def places(database_url: str) -> Places:
    """Return the names of the demo organisation's fields, communes, units and handlers."""
    with connect(database_url) as connection:
        fields = [name for (name,) in connection.execute("SELECT name FROM cases_field")]
        localities = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM cases_locality WHERE level = 'commune' AND valid_to IS NULL"
            )
        ]
        handlers: dict[str, list[str]] = {}
        for unit, username in connection.execute(
            "SELECT unit.name, person.username FROM cases_user person"
            " JOIN cases_unit unit ON unit.id = person.unit_id"
            " JOIN cases_user_groups membership ON membership.user_id = person.id"
            " JOIN auth_group role ON role.id = membership.group_id AND role.name = 'handler'"
        ):
            handlers.setdefault(unit, []).append(username)
    return Places(fields, localities, sorted(handlers), handlers)


def connect(database_url: str) -> psycopg.Connection:
    return psycopg.connect(**database.connection_params(database_url, DATABASE_NAME))


def count_cases(database_url: str) -> tuple[int, int, int]:
    """Return how many cases, case processes and open steps the database holds."""
    with connect(database_url) as connection:
        return connection.execute(
            "SELECT (SELECT count(*) FROM cases_case),"
            " (SELECT count(*) FROM workflows_caseprocess),"
            " (SELECT count(*) FROM viewflow_task WHERE status IN ('NEW', 'ASSIGNED'))"
        ).fetchone()


def prepare(database_url: str, env: dict) -> None:
    say(f"recreating database {DATABASE_NAME}, migrating it and adding the demo organisation")
    database.recreate(database_url, DATABASE_NAME)
    database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=600)
    database.manage(
        env,
        "shell",
        "-c",
        "from cases.demo.organisation import ensure_organisation; ensure_organisation()",
        timeout=600,
    )


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    summary: str

    def value(self, count: int) -> str:
        return (
            f"{self.seconds:.1f} s, {rate(count / self.seconds)} rows;"
            f" CPU {self.cpu_seconds:.1f} s, {rate(count / self.cpu_seconds)} rows"
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_register(env: dict, path: Path, *args: str) -> Run:
    """Run import_register; return its wall-clock and CPU seconds and its summary line."""
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_register", str(path), *args],
        cwd=database.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"bench.imports: import_register failed:\n{result.stdout}{result.stderr}")
    lines = result.stdout.strip().splitlines()
    # The summary is the last line, or the one before the dry run's notice.
    return Run(seconds, cpu, lines[-1] if "--commit" in args else lines[-2])


def write_register(path: Path, names: Places, count: int, first_number: int) -> Row:
    say(f"writing a register of {count:,} rows")
    started = time.perf_counter()
    rows = sample_rows(names, count, today=date.today(), first_number=first_number)
    write_xlsx(path, (row.cells for row in rows))
    size = path.stat().st_size / 1024 / 1024
    return Row(
        f"write a {count:,}-row workbook (openpyxl)",
        f"{time.perf_counter() - started:.1f} s, {size:.1f} MB",
    )


def timed_commit(env: dict, path: Path, count: int, workers: int) -> tuple[Row, str]:
    say(f"import with --commit --workers={workers}")
    run = import_register(
        env, path, "--commit", f"--batch-size={BATCH_SIZE}", f"--workers={workers}"
    )
    row = Row(
        f"import_register --commit --workers={workers}",
        run.value(count),
        f"≥ {TARGET_RATE:,}/s",
        verdict(count / run.seconds >= TARGET_RATE),
    )
    return row, run.summary


def main() -> None:
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("bench.imports: DATABASE_URL is not set; run through tests.preflight")
    count = setting("BENCH_IMPORT_ROWS", 100_000)
    workers = setting("BENCH_IMPORT_WORKERS", 2)
    env = database.bench_env(database_url, secrets.token_urlsafe(50))
    env["BENCH_DATABASE_NAME"] = DATABASE_NAME
    prepare(database_url, env)
    names = places(database_url)
    with tempfile.TemporaryDirectory(prefix="tiepdan-import-") as directory:
        first, second = Path(directory) / "so-2024.xlsx", Path(directory) / "so-2025.xlsx"
        rows = [write_register(first, names, count, 1)]
        say("dry run")
        rows.append(Row("import_register, dry run", import_register(env, first).value(count)))
        row, summary = timed_commit(env, first, count, 1)
        rows.append(row)
        say("the same import again")
        again = import_register(env, first, "--commit")
        rows.append(Row("the same --commit again", again.value(count)))
        # Another register with other numbers, so that every row is new again.
        write_register(second, names, count, count + 1)
        row, parallel = timed_commit(env, second, count, workers)
        rows.append(row)
        imported, processes, steps = count_cases(database_url)
    notes = [
        f"PostgreSQL database {DATABASE_NAME}; wall-clock time of each manage.py run, start-up"
        f" included; batches of {BATCH_SIZE:,} rows.",
        f"First import: {summary}",
        f"The same again: {again.summary}",
        f"With {workers} workers: {parallel} Cases in the database: {imported:,}, with"
        f" {processes:,} case processes and {steps:,} steps open in the queues.",
        f"{os.cpu_count()} cores, shared with whatever else runs on this machine"
        f" (load average {os.getloadavg()[0]:.1f} at the end).",
    ]
    publish(rows, notes, RESULTS)
    say(f"saved to {RESULTS.relative_to(database.PROJECT_DIR)}")


if __name__ == "__main__":
    main()
