"""Run every benchmark in one go and print one table: `python -m tests.preflight python -m bench`.

Steps: recreate the bench database, migrate it, time `generate_cases`, start gunicorn on
127.0.0.1, then measure the minimal view and tracking with wrk, petition creation and the
accept transition through the API. The table also goes to var/bench/results.txt.
Knobs (environment): BENCH_CASES (100000), BENCH_SECONDS per wrk run (15),
BENCH_WORKERS (gunicorn workers, 2) and BENCH_THREADS (threads per worker, 4).
"""

import os
import secrets
import tempfile
import time
from pathlib import Path

from . import cpu, database, petitions, report, server, wrk
from .client import Client, Timings, concurrent, sequential, token_for
from .report import Row, milliseconds, rate, setting, verdict

DEMO_PASSWORD = "tiepdan-demo"
TRACKING_CODES = 1000
SEQUENTIAL_REQUESTS = 300
CONCURRENT_TRANSITIONS = 600
TRANSITION_THREADS = 12
WARM_UP_SECONDS = 3
RESULTS = database.PROJECT_DIR / "var" / "bench" / "results.txt"

GENERATE_TARGET_S = 120
GENERATE_TARGET_COUNT = 100_000
TRACKING_RATIO_TARGET = 0.5
TRACKING_P99_TARGET_MS = 50
CREATE_MEDIAN_TARGET_MS = 30


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def prepare_database(env: dict, database_url: str, cases: int) -> Row:
    """Recreate, migrate and fill the bench database; return the generate_cases row."""
    say(f"recreating database {database.DATABASE_NAME} and migrating it")
    database.recreate(database_url)
    database.manage(env, "migrate", "--noinput", "--verbosity=0", timeout=600)
    say(f"generate_cases --count {cases}")
    seconds = database.manage(env, "generate_cases", f"--count={cases}", timeout=900)
    generated = database.count_rows(database_url, "cases_case")
    # Autovacuum would have analysed tables this size long before anyone queried them.
    with database.connect(database_url) as connection:
        connection.execute("ANALYZE")
    value = f"{seconds:.1f} s ({generated:,} cases in the database)"
    name = f"generate_cases --count {cases}"
    if cases != GENERATE_TARGET_COUNT:
        return Row(name, value, f"< {GENERATE_TARGET_S} s for {GENERATE_TARGET_COUNT:,}", "n/a")
    return Row(name, value, f"< {GENERATE_TARGET_S} s", verdict(seconds < GENERATE_TARGET_S))


def load(running: server.Server, path: str, seconds: int, script: Path | None = None):
    """Run wrk against the server; return its result and the CPU it cost per request."""
    before = cpu.sample(running.group)
    result = wrk.run(f"{running.url}{path}", seconds=seconds, script=script)
    return result, cpu.per_request(before, cpu.sample(running.group), result.requests)


def wrk_row(name: str, loaded, target: str = "—", judged: str = "—") -> Row:
    result, cpu_cost = loaded
    value = f"{result.requests_per_second:,.0f} req/s, p50 {milliseconds(result.p50_ms)}, "
    value += f"p99 {milliseconds(result.p99_ms)}"
    if cpu_cost:
        value += f"; {cpu_cost}"
    if result.non_2xx or result.socket_errors:
        value += f"; {result.non_2xx} non-2xx, {result.socket_errors} socket errors"
        judged = judged.replace(" ok", "").replace(" MISSED", "").replace("—", "")
        judged = verdict(False, judged)
    return Row(name, value, target, judged)


def measure_reads(running: server.Server, codes: list[str], seconds: int, scripts: Path):
    """Load the minimal view, then tracking, each after a warm-up, and compare the two."""
    minimal_path = "/bench/minimal/"
    tracking = wrk.tracking_script(scripts, codes)
    wrk.run(f"{running.url}{minimal_path}", seconds=WARM_UP_SECONDS)
    say("minimal view")
    minimal = load(running, minimal_path, seconds)
    wrk.run(running.url, seconds=WARM_UP_SECONDS, script=tracking)
    say("tracking")
    tracked = load(running, "", seconds, tracking)
    ratio = tracked[0].requests_per_second / minimal[0].requests_per_second
    met = ratio >= TRACKING_RATIO_TARGET and tracked[0].p99_ms < TRACKING_P99_TARGET_MS
    return [
        wrk_row("minimal view (wrk, 32 conns)", minimal),
        wrk_row(
            "tracking lookup (wrk, 32 conns)",
            tracked,
            f"≥ {TRACKING_RATIO_TARGET}× minimal, p99 < {TRACKING_P99_TARGET_MS} ms",
            verdict(met, f"{ratio:.2f}×"),
        ),
    ]


def series_row(name: str, timings: Timings, target: str = "—", met: bool | None = None) -> Row:
    value = (
        f"median {milliseconds(timings.median_ms)}, p99 {milliseconds(timings.p99_ms)}, "
        f"{rate(timings.per_second)} ({timings.count} requests)"
    )
    if timings.failures:
        status, payload = timings.failures[0]
        value += f"; {len(timings.failures)} FAILED, first {status} {str(payload)[:100]}"
    if met is None and not timings.failures:
        return Row(name, value, target)
    return Row(name, value, target, verdict(bool(met) and not timings.failures))


def reference_codes(client: Client, path: str) -> list[str]:
    status, payload = client.request("GET", path)
    if status != 200 or not payload:
        raise RuntimeError(f"GET {path} answered {status}: {payload}")
    return [item["code"] for item in payload]


def measure_creation(running: server.Server, seconds: int, scripts: Path) -> list[Row]:
    """Create petitions as `reception`: one by one on one connection, then with wrk."""
    token = token_for(running.host, running.port, "reception", DEMO_PASSWORD)
    client = Client(running.host, running.port, token)
    try:
        localities = reference_codes(client, "/api/v1/localities/?current=true")
        fields = reference_codes(client, "/api/v1/fields/")
        bodies = petitions.bodies(SEQUENTIAL_REQUESTS, localities, fields)
        say("petition create, sequential")
        timings = sequential(
            client, [("POST", "/api/v1/petitions/", body) for body in bodies], expected=201
        )
    finally:
        client.close()
    script = wrk.post_script(scripts, "petitions", "/api/v1/petitions/", token, bodies)
    say("petition create, wrk")
    loaded = load(running, "", seconds, script)
    return [
        series_row(
            "petition create (API, sequential)",
            timings,
            f"median < {CREATE_MEDIAN_TARGET_MS} ms",
            timings.median_ms < CREATE_MEDIAN_TARGET_MS,
        ),
        wrk_row("petition create (API, wrk, 32 conns)", loaded),
    ]


def measure_transitions(running: server.Server, references: list[str]) -> list[Row]:
    """Accept received cases as `leader`: one by one, then from a pool of threads."""
    host, port = running.host, running.port
    token = token_for(host, port, "leader", DEMO_PASSWORD)
    requests = [("POST", f"/api/v1/cases/{ref}/transitions/accept/", {}) for ref in references]
    # A small database may hold fewer received cases than asked for: a third go one by one.
    split = min(SEQUENTIAL_REQUESTS, len(requests) // 3)
    one_by_one, in_parallel = requests[:split], requests[split:]
    client = Client(host, port, token)
    try:
        say("accept, sequential")
        timings = sequential(client, one_by_one, expected=200)
    finally:
        client.close()
    say(f"accept, {TRANSITION_THREADS} threads")
    parallel = concurrent(
        lambda: Client(host, port, token), in_parallel, expected=200, workers=TRANSITION_THREADS
    )
    return [
        series_row("accept transition (API, sequential)", timings),
        series_row(f"accept transition (API, {TRANSITION_THREADS} threads)", parallel),
    ]


def main() -> None:
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("bench: DATABASE_URL is not set; run through `python -m tests.preflight`")
    if not wrk.available():
        raise SystemExit("bench: wrk is missing; `make bench` installs it (apt-get install wrk)")
    cases = setting("BENCH_CASES", 100_000)
    seconds = setting("BENCH_SECONDS", 15)
    # One process per core, and threads that serve while others wait on PostgreSQL or Redis:
    # on two cores this beat sync workers (no keep-alive) and 4 × 4 threads (more switching).
    workers = setting("BENCH_WORKERS", 2)
    threads = setting("BENCH_THREADS", 4)
    started = time.monotonic()
    env = database.bench_env(database_url, secrets.token_urlsafe(64))

    rows = [prepare_database(env, database_url, cases)]
    codes = database.tracking_codes(database_url, TRACKING_CODES)
    references = database.received_cases(database_url, SEQUENTIAL_REQUESTS + CONCURRENT_TRANSITIONS)
    if len(references) < 3 * TRANSITION_THREADS:
        raise SystemExit(f"bench: only {len(references)} cases to accept; raise BENCH_CASES")
    load_before = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="tiepdan-bench-") as scripts,
        server.running(
            env=env,
            cwd=database.PROJECT_DIR,
            log_path=RESULTS.parent / "gunicorn.log",
            workers=workers,
            threads=threads,
        ) as running,
    ):
        rows += measure_reads(running, codes, seconds, Path(scripts))
        rows += measure_creation(running, seconds, Path(scripts))
        rows += measure_transitions(running, references)

    cache = "Redis" if os.environ.get("REDIS_URL") else "in-process (Redis not reachable)"
    notes = [
        f"PostgreSQL database {database.DATABASE_NAME}; cache and rate limiter: {cache}.",
        f"Server: {running.description} on 127.0.0.1 with bench.settings (production "
        f"hardening, DEBUG off); wrk -t2 -c32 -d{seconds}s after a {WARM_UP_SECONDS} s warm-up.",
        f"{os.cpu_count()} cores shared by wrk, gunicorn, PostgreSQL and Redis; load average "
        f"{load_before:.1f} before the load phase (above ~1 means other work competed).",
        "CPU/req: CPU time of gunicorn's processes and of the bench database's PostgreSQL "
        "backends per request, steadier than rates on a shared machine.",
        f"Total run time {time.monotonic() - started:.0f} s. MISSED means a target was not met.",
    ]
    print()
    report.publish(rows, notes, RESULTS)


if __name__ == "__main__":
    main()
