"""What a drill looks at afterwards, in its database, its search engine and its mail sink."""

import http.client
import json
import subprocess
import sys
import time
from dataclasses import dataclass

import psycopg

from ops.database import connection_params

from .load import Write
from .services import PROJECT_DIR

DRAIN_TIMEOUT = 240


def connect(database_url: str) -> psycopg.Connection:
    return psycopg.connect(**connection_params(database_url), autocommit=True)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def pending(database_url: str) -> dict[str, int]:
    """Return what still waits in the outboxes: search updates, mail, flow catch-ups."""
    with connect(database_url) as db:
        return {
            "search updates": db.execute("SELECT count(*) FROM search_outboxentry").fetchone()[0],
            "mail": db.execute(
                "SELECT count(*) FROM workflows_mailoutbox WHERE delivered_at IS NULL"
            ).fetchone()[0],
            "flow catch-ups": db.execute("SELECT count(*) FROM workflows_flowbacklog").fetchone()[
                0
            ],
        }


def drain(database_url: str) -> tuple[float, dict[str, int]]:
    """Wait until the outboxes are empty; return the seconds it took and what is left."""
    started = time.monotonic()
    while True:
        left = pending(database_url)
        waited = time.monotonic() - started
        if not any(left.values()) or waited > DRAIN_TIMEOUT:
            return waited, left
        time.sleep(1)


def writes_found(database_url: str, writes: list[Write]) -> int:
    """Return how many of the writes answered 2xx are in the database."""
    codes = [w.code for w in writes if w.kind == "petition"]
    transitions = {(w.reference, w.action, w.version) for w in writes if w.kind == "transition"}
    with connect(database_url) as db:
        petitions = db.execute(
            "SELECT count(*) FROM cases_petition WHERE tracking_code = ANY(%s)", [codes]
        ).fetchone()[0]
        events = db.execute(
            "SELECT c.reference, e.action, e.sequence FROM cases_caseevent e "
            "JOIN cases_case c ON c.id = e.case_id WHERE c.reference = ANY(%s)",
            [sorted({reference for reference, _, _ in transitions})],
        ).fetchall()
    return petitions + len(transitions & set(events))


def half_changed(database_url: str, first_case: int) -> int:
    """Count the drill's cases whose state or version is not their last event's."""
    with connect(database_url) as db:
        return db.execute(
            "SELECT count(*) FROM cases_case c JOIN LATERAL (SELECT sequence, to_status "
            "FROM cases_caseevent WHERE case_id = c.id ORDER BY sequence DESC LIMIT 1) e ON true "
            "WHERE c.id >= %s AND (e.sequence <> c.version OR e.to_status <> c.status)",
            [first_case],
        ).fetchone()[0]


def last_case(database_url: str) -> int:
    with connect(database_url) as db:
        return db.execute("SELECT coalesce(max(id), 0) FROM cases_case").fetchone()[0]


def flows(env: dict) -> tuple[bool, str]:
    """Return whether every open case agrees with its flow and sync_flows repaired nothing."""
    check = manage(env, "sync_flows", "--check")
    repair = manage(env, "sync_flows")
    summary = (repair.stdout.strip().splitlines() or [repair.stderr.strip()])[-1]
    disagreeing = check.stdout.strip().splitlines()[:3] if check.returncode else []
    held = check.returncode == 0 and repair.returncode == 0 and " 0 needed repair" in summary
    return held, "; ".join([*disagreeing, summary])


def unindexed(database_url: str, search_url: str = "") -> int:
    """Count cases whose search document is missing or older than the case."""
    with connect(database_url) as db:
        if not search_url:
            return db.execute(
                "SELECT count(*) FROM cases_case c LEFT JOIN search_case s ON s.case_id = c.id "
                "WHERE s.case_id IS NULL OR s.version <> c.version"
            ).fetchone()[0]
        cases = db.execute("SELECT id, version FROM cases_case").fetchall()
    host, port = search_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    missing = 0
    for case_id, version in cases:
        connection.request("GET", f"/tiepdan-cases/_doc/{case_id}")
        found = json.loads(connection.getresponse().read())
        missing += found.get("_version") != version
    connection.close()
    return missing


@dataclass(frozen=True)
class Mail:
    sent: int  # messages the outbox counts as handed to the mail server
    received: int  # distinct Message-IDs the sink received
    missing: int  # counted as sent, never received
    duplicates: int  # messages the sink received more than once
    uncounted: int  # received, not counted as sent


def mail(database_url: str, sink) -> Mail:
    """Compare the messages the outbox counts as sent with the Message-IDs the sink got."""
    with connect(database_url) as db:
        rows = db.execute("SELECT event_id, sent FROM workflows_mailoutbox").fetchall()
    # The ids of workflows.notifications.message_id, without their domain.
    expected = {f"<tiepdan.event-{event}.{index}@" for event, sent in rows for index in range(sent)}
    received = {message_id.split("@", 1)[0] + "@" for message_id in sink.received}
    return Mail(
        sent=len(expected),
        received=len(received),
        missing=len(expected - received),
        duplicates=sink.duplicates(),
        uncounted=len(received - expected),
    )
