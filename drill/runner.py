"""One drill: its own database and Redis, the real topology, the load, a fault, the checks."""

import os
import secrets
import shutil
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet

from ops import database, processes
from ops.topology import WEB, WORKER, Topology

from . import checks
from .client import Recorder
from .load import Board, Load
from .services import PROJECT_DIR, FakeSearchEngine, MailSink, RedisServer

WORK_DIR = PROJECT_DIR / "var" / "drill"


def work_dir(database_url: str, drill: str) -> Path:
    """Return a fresh directory for the drill's logs and files, apart from other runs'."""
    path = WORK_DIR / base_name(database_url) / drill
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


TEMPLATE_CASES = 500
# A 503 this long after a fault ended is still the fault's.
GRACE_SECONDS = 5
WRITE_ENDPOINTS = ("POST /api/v1/petitions/", "POST transition", "POST /portal/submit/")
PUBLIC_ENDPOINTS = ("GET /api/v1/track/", "GET /portal/?code=", "POST /portal/submit/")


def say(message: str) -> None:
    print(f"drill: {message}", flush=True)


@dataclass
class Window:
    """When a fault was on, in seconds since the drill started."""

    start: float
    end: float

    def overlaps(self, answer, grace: float = GRACE_SECONDS) -> bool:
        """Return whether the request was in flight while the fault was on (or just after)."""
        return answer.at <= self.end + grace and answer.at + answer.seconds >= self.start


@dataclass
class Run:
    """What a fault needs while it runs, and what it leaves for the verdict."""

    seconds: float
    topology: Topology
    redis: RedisServer
    recorder: Recorder
    search: FakeSearchEngine | None = None
    database_url: str = ""
    windows: list[Window] = field(default_factory=list)
    injected: str = "none"

    def at(self, share: float) -> None:
        """Wait until `share` of the drill's length has passed."""
        time.sleep(max(0.0, share * self.seconds - self.recorder.now()))

    def scaled(self, seconds: float, least: float) -> float:
        """Scale a fault's full-length timing (for 10 minutes) to this drill's length."""
        return max(least, seconds * self.seconds / 600)


@dataclass(frozen=True)
class Drill:
    name: str
    fault: Callable[[Run], None] | None = None
    elasticsearch: bool = False


def template_url(database_url: str) -> str:
    return database.with_name(database_url, f"{base_name(database_url)}_drill_template")


def base_name(database_url: str) -> str:
    return database_url.rsplit("/", 1)[1].split("?")[0]


def base_env(database_url: str, secret_key: str, identity_key: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        IDENTITY_ENCRYPTION_KEYS=identity_key,
        SECURE_SSL_REDIRECT="false",
        # As behind deploy/'s nginx: the client's address comes in X-Forwarded-For.
        NUM_PROXIES="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        OUTBOX_SWEEP_SECONDS="5",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_TIMEOUT="10",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def build_template(database_url: str, env: dict) -> None:
    """Make the database every drill copies: migrated, the demo organisation, a few cases."""
    url = template_url(database_url)
    say(f"building the template database {base_name(url)} ({TEMPLATE_CASES} cases)")
    database.recreate(database_url, base_name(url))
    env = {**env, "DATABASE_URL": url, "SEARCH_QUEUE_UPDATES": "false"}
    for command in (
        ("migrate", "--noinput", "--verbosity=0"),
        ("generate_cases", f"--count={TEMPLATE_CASES}"),
        ("sync_flows",),
        ("collectstatic", "--noinput", "--verbosity=0"),
    ):
        result = checks.manage(env, *command)
        if result.returncode:
            raise SystemExit(f"drill: {' '.join(command)} failed:\n{result.stderr[-2000:]}")


def reference_data(database_url: str) -> tuple[list[str], list[str], list[str]]:
    with checks.connect(database_url) as db:
        localities = [
            code
            for (code,) in db.execute(
                "SELECT code FROM cases_locality WHERE level = 'commune' AND valid_to IS NULL"
            )
        ]
        fields = [code for (code,) in db.execute("SELECT code FROM cases_field WHERE is_active")]
        codes = [
            code
            for (code,) in db.execute(
                "SELECT tracking_code FROM cases_petition ORDER BY random() LIMIT 200"
            )
        ]
    return localities, fields, codes


def run(drill: Drill, database_url: str, env: dict, seconds: float) -> dict:
    """Run one drill; return its row of the table, its details and its endpoint timings."""
    workdir = work_dir(database_url, drill.name)
    name = f"{base_name(database_url)}_drill_{drill.name}"
    url = database.with_name(database_url, name)
    database.recreate(database_url, name, template=base_name(template_url(database_url)))
    first_case = checks.last_case(url) + 1
    redis, sink = RedisServer(workdir), MailSink()
    redis.start()
    sink.start()
    env = {
        **env,
        "DATABASE_URL": url,
        "REDIS_URL": redis.url,
        "EMAIL_HOST": processes.HOST,
        "EMAIL_PORT": str(sink.port),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    search = None
    topology = Topology(
        env=env,
        cwd=PROJECT_DIR,
        logs=workdir,
        port=processes.free_port(),
        workers=processes.web_workers(),
    )
    try:
        if drill.elasticsearch:
            search = FakeSearchEngine(workdir, env)
            env["ELASTICSEARCH_URL"] = search.url
        checks.manage(env, "search_reindex", "--verbosity=0")
        topology.start()
        return _drive(drill, topology, redis, search, sink, url, env, seconds, first_case)
    finally:
        topology.stop()
        redis.stop()
        sink.stop()
        if search:
            search.stop()


def _drive(drill, topology, redis, search, sink, url, env, seconds, first_case) -> dict:
    recorder = Recorder()
    localities, fields, codes = reference_data(url)
    board = Board(codes=codes)
    load = Load(topology.port, recorder, board, localities, fields, think_seconds=1.0)
    current = Run(seconds, topology, redis, recorder, search, url)
    baseline: list[int] = []

    def measure_baseline():
        current.at(0.15)
        baseline.append(processes.resident_bytes(topology.pids(WEB, WORKER)))

    restarted: list[str] = []

    def supervise():
        # As systemd's Restart=always does in deploy/: a process that ends on its own is
        # started again, and the drill says so.
        while not load.stopping.is_set():
            restarted.extend(topology.restart_exited())
            time.sleep(1)

    helpers = [
        threading.Thread(target=measure_baseline, daemon=True),
        threading.Thread(target=supervise, daemon=True),
    ]
    if drill.fault:
        helpers.append(threading.Thread(target=drill.fault, args=(current,), daemon=True))
    for helper in helpers:
        helper.start()
    say(f"{drill.name}: 30 users for {seconds:.0f} s")
    load.run(seconds)
    for helper in helpers:
        helper.join(timeout=120)
    memory_end = processes.resident_bytes(topology.pids(WEB, WORKER))
    restarted.extend(topology.restart_exited())
    say(f"{drill.name}: load done; waiting for the outboxes to drain")
    drained, left = checks.drain(url)
    return verdict(
        drill,
        current,
        board,
        recorder,
        sink=sink,
        env=env,
        first_case=first_case,
        drained=drained,
        left=left,
        memory=(baseline[0] if baseline else 0, memory_end),
        restarted=restarted,
    )


def unavailable(answer) -> bool:
    """Return whether a 5xx is the clear 503 a missing service gets, with its message."""
    if answer.status != 503:
        return False
    payload = answer.json()
    if isinstance(payload, dict):
        return bool(payload.get("detail"))
    return b'data-testid="unavailable"' in answer.body


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def verdict(drill, current: Run, board, recorder, *, sink, env, first_case, **seen) -> dict:
    answers = recorder.answers
    problems: list[str] = []
    in_fault = [a for a in answers if any(w.overlaps(a) for w in current.windows)]
    explained = [a for a in in_fault if unavailable(a)]
    unexplained = [a for a in answers if (a.status >= 500 or a.status == 0) and a not in explained]
    if unexplained:
        first = unexplained[0]
        problems.append(
            f"{len(unexplained)} unexplained 5xx or unanswered, first at {first.at:.1f} s: "
            f"{first.status} {first.endpoint}: {first.body[:120]!r}; at "
            + ", ".join(f"{a.at:.1f}" for a in unexplained[:20])
        )
    accepted = len(board.writes)
    found = checks.writes_found(current.database_url, board.writes)
    if found != accepted:
        problems.append(f"{accepted - found} accepted writes not found")
    if any(seen["left"].values()):
        problems.append(f"outboxes not drained: {seen['left']}")
    half = checks.half_changed(current.database_url, first_case)
    if half:
        problems.append(f"{half} half-changed cases")
    flows_held, flows_note = checks.flows(env)
    if not flows_held:
        problems.append(f"flows: {flows_note}")
    missing = checks.unindexed(current.database_url, env.get("ELASTICSEARCH_URL", ""))
    if missing:
        problems.append(f"{missing} cases missing or stale in the search index")
    mail = checks.mail(current.database_url, sink)
    if mail.missing or mail.duplicates:
        problems.append(f"mail: {mail}")
    before, after = seen["memory"]
    growth = (after - before) / before if before else 0.0
    if growth >= 0.2:
        problems.append(f"memory grew {growth:.0%}")
    double_wins = sum(1 for won, _ in board.races if won > 1)
    if double_wins:
        problems.append(f"{double_wins} races with two winners")
    if seen["restarted"] and drill.name == "database":
        problems.append(f"processes restarted: {seen['restarted']}")
    problems += fault_checks(drill, current, answers)

    petitions = sum(w.kind == "petition" for w in board.writes)
    statuses_5xx = f"{len(explained) + len(unexplained)}"
    if explained:
        statuses_5xx += f" ({len(explained)} clear 503 during the fault, {len(unexplained)} other)"
    row = {
        "drill": drill.name,
        "load": f"30 users, {current.seconds:.0f} s, {len(answers):,} requests "
        f"({len(answers) / current.seconds:.1f}/s)",
        "faults injected": current.injected,
        "writes accepted": f"{accepted:,} ({petitions:,} petitions, "
        f"{accepted - petitions:,} transitions)",
        "writes found afterwards": f"{found:,}",
        "5xx": statuses_5xx,
        "verdict": "held" if not problems else "FAILED",
    }
    details = [
        "faults on: " + ", ".join(f"{w.start:.1f}–{w.end:.1f} s" for w in current.windows),
        f"outboxes drained {seen['drained']:.0f} s after the load",
        f"mail: {mail.sent} counted sent, {mail.received} received, {mail.missing} missing, "
        f"{mail.duplicates} twice, {mail.uncounted} received but not counted (a crash between "
        "the mail server's answer and the count, the event's mail no longer due)",
        f"memory of gunicorn and the worker: {before / 2**20:.0f} → {after / 2**20:.0f} MiB "
        f"({growth:+.0%})",
        f"races (leader accepts while reception guides): {len(board.races)}, "
        f"{sum(w == 1 for w, _ in board.races)} with one winner",
        f"flows: {flows_note}",
        "processes that ended on their own and were started again: "
        + (", ".join(seen["restarted"]) or "none"),
        *problems,
    ]
    return {"row": row, "details": details, "answers": answers, "held": not problems}


def fault_checks(drill, current: Run, answers) -> list[str]:
    """The checks particular to a fault: who kept working while it was on, who recovers."""
    if not current.windows:
        return []
    problems = []
    first, last = current.windows[0], current.windows[-1]
    after = [a for a in answers if a.at > last.end + GRACE_SECONDS]
    if not any(a.status < 400 for a in after if a.endpoint.startswith(WRITE_ENDPOINTS)):
        problems.append("no write succeeded after the fault: no recovery")
    if drill.name == "redis":
        sent = [a for a in answers if first.start + 1.5 < a.at < first.end - 1.5]
        staff = [
            a for a in sent if a.endpoint.startswith(("POST /api/v1/petitions/", "POST transition"))
        ]
        # Public requests sent and answered while Redis was down: one that waited for a busy
        # server may reach the limiter after Redis is back.
        public = [
            a
            for a in sent
            if a.endpoint.startswith(PUBLIC_ENDPOINTS) and a.at + a.seconds < first.end - 1.5
        ]
        if not staff or any(a.status >= 500 for a in staff):
            problems.append(f"staff writes while Redis was down: {[a.status for a in staff][:10]}")
        let_through = [a for a in public if not unavailable(a)]
        if let_through:
            first = let_through[0]
            problems.append(
                f"{len(let_through)} public rate-limited requests not refused with 503, first "
                f"at {first.at:.1f} s: {first.status} {first.endpoint} {first.body[:80]!r}"
            )
        if not any(a.status == 200 for a in after if a.endpoint.startswith(PUBLIC_ENDPOINTS[:2])):
            problems.append("public tracking did not recover")
    return problems


def endpoint_table(answers) -> list[tuple[str, str, str, str, str]]:
    by_endpoint: dict[str, list] = {}
    for answer in answers:
        by_endpoint.setdefault(answer.endpoint, []).append(answer)
    rows = []
    for endpoint, group in sorted(by_endpoint.items()):
        timings = [a.seconds * 1000 for a in group]
        rows.append(
            (
                endpoint,
                f"{len(group):,}",
                f"{statistics.median(timings):.0f} ms",
                f"{percentile(timings, 0.95):.0f} ms",
                f"{sum(a.status >= 500 or a.status == 0 for a in group)}",
            )
        )
    return rows


def fresh_keys() -> tuple[str, str]:
    return secrets.token_urlsafe(64), Fernet.generate_key().decode()


def app_connections(database_url: str) -> int:
    """End every connection of the application to the drill's database; return how many."""
    name = base_name(database_url)
    with psycopg.connect(
        **database.connection_params(database_url, "postgres"), autocommit=True
    ) as db:
        return len(
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'",
                [name],
            ).fetchall()
        )
