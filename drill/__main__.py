"""`make drill`: every drill, then the backup restored; one table (docs/operations.md#drills).

DRILL_MINUTES sets each drill's length (10); DRILL_SECONDS overrides it (the tests run 20 s);
DRILL_ONLY=soak,redis runs some. The table goes to var/drill/<database>/results.txt too.
"""

import os
import sys
import time
import traceback
from functools import partial

from . import backup, runner
from .runner import WORKER, Drill, Run, Window, say

HEADER = ("drill", "load", "faults injected", "writes accepted", "writes found afterwards", "5xx")


def outage(run: Run, stop, start, timing: tuple[float, float], what: str) -> None:
    """Take a service away at 30 % of the drill and bring it back after `timing`: its length
    at 10 minutes, scaled to the drill's, and the least it may be."""
    run.at(0.3)
    began = run.recorder.now()
    stop()
    pause = run.scaled(*timing)
    time.sleep(pause)
    start()
    run.windows.append(Window(began, run.recorder.now()))
    run.injected = what.format(at=began, pause=pause)


def worker_fault(run: Run) -> None:
    what = "worker kill -9 at {at:.0f} s, restarted {pause:.0f} s later"
    outage(run, partial(run.topology.kill, WORKER), run.topology.start_worker, (20, 4), what)


def redis_fault(run: Run) -> None:
    what = "Redis stopped at {at:.0f} s for {pause:.0f} s (its data lost)"
    outage(run, run.redis.stop, run.redis.start, (30, 5), what)


def database_fault(run: Run) -> None:
    every = run.scaled(10, 2)
    run.at(0.3)
    start, times, ended = run.recorder.now(), 0, 0
    while run.recorder.now() < 0.7 * run.seconds:
        ended += runner.app_connections(run.database_url)
        times += 1
        time.sleep(every)
    run.windows.append(Window(start, run.recorder.now()))
    run.injected = (
        f"pg_terminate_backend of every app connection {times} times, every {every:.0f} s "
        f"({ended} connections ended)"
    )


def search_fault(run: Run) -> None:
    what = "Elasticsearch stopped at {at:.0f} s for {pause:.0f} s"
    outage(run, run.search.down, run.search.up, (30, 5), what)


DRILLS = [
    Drill("soak"),
    Drill("worker", worker_fault),
    Drill("redis", redis_fault),
    Drill("database", database_fault),
    Drill("search", search_fault, elasticsearch=True),
]


def attempt(name: str, drill, *args) -> dict:
    """Run a drill; one that breaks down is a failed row of the table, its traceback printed."""
    try:
        return drill(*args)
    except Exception as exc:
        traceback.print_exc()
        row = dict.fromkeys((*HEADER, "verdict"), "—")
        row.update(drill=name, verdict="FAILED")
        return {"row": row, "details": [f"the drill broke down: {exc!r}"], "held": False}


def length() -> float:
    raw = os.environ.get("DRILL_SECONDS") or ""
    if raw:
        return float(raw)
    return float(os.environ.get("DRILL_MINUTES") or 10) * 60


def main() -> int:
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("drill: DATABASE_URL is not set; run through `python -m tests.preflight`")
    seconds = length()
    only = [name for name in os.environ.get("DRILL_ONLY", "").split(",") if name]
    secret_key, identity_key = runner.fresh_keys()
    env = runner.base_env(database_url, secret_key, identity_key)
    started = time.monotonic()
    runner.build_template(database_url, env)
    results = []
    for drill in DRILLS:
        if not only or drill.name in only:
            results.append(attempt(drill.name, runner.run, drill, database_url, env, seconds))
            say(f"{drill.name}: {results[-1]['row']['verdict']}")
            for detail in results[-1]["details"]:
                say(f"  {detail}")
    if not only or "backup" in only:
        results.append(attempt("backup", backup.run, database_url, env))
    text = report(results, seconds, time.monotonic() - started)
    print(text)
    path = runner.WORK_DIR / runner.base_name(database_url) / "results.txt"
    path.write_text(text, encoding="utf-8")
    return 0 if all(result["held"] for result in results) else 1


def report(results: list[dict], seconds: float, elapsed: float) -> str:
    lines = ["| " + " | ".join((*HEADER, "verdict")) + " |", "|---" * 7 + "|"]
    for result in results:
        lines.append("| " + " | ".join(result["row"].values()) + " |")
    lines.append("")
    for result in results:
        lines.append(f"{result['row']['drill']}:")
        lines += [f"  - {detail}" for detail in result["details"]]
        if result.get("answers"):
            lines += ["", "  | endpoint | requests | p50 | p95 | 5xx |", "  |---|---|---|---|---|"]
            for cells in runner.endpoint_table(result["answers"]):
                lines.append("  | " + " | ".join(cells) + " |")
            lines.append("")
    lines.append(
        f"\nEach drill {seconds:.0f} s with 30 users; {os.cpu_count()} cores shared by the load, "
        f"the topology, PostgreSQL and Redis. Total {elapsed / 60:.1f} min."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
