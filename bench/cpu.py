"""CPU time spent per request by the server and by PostgreSQL, read from /proc.

Requests per second depend on whatever else the two cores are doing at the time; CPU
milliseconds per request do not, so they are reported next to the rates.
"""

import os
from pathlib import Path

from . import DATABASE_NAME

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SERVER, DATABASE = "server", "database"

# Process id -> (server or database, CPU seconds used so far).
Sample = dict[int, tuple[str, float]]


def _read(pid: str) -> tuple[float, int, str]:
    stat = (PROC / pid / "stat").read_text()
    # The command name in parentheses may hold spaces: split after its closing one.
    fields = stat.rsplit(")", 1)[1].split()
    seconds = (int(fields[11]) + int(fields[12])) / TICKS
    command = (PROC / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return seconds, int(fields[2]), command


def sample(server_group: int) -> Sample | None:
    """Return the CPU seconds used so far by each server process and bench database backend."""
    if not PROC.is_dir():
        return None
    found: Sample = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            seconds, group, command = _read(entry.name)
        except (OSError, IndexError, ValueError):
            continue  # The process ended while we looked.
        if group == server_group:
            found[int(entry.name)] = (SERVER, seconds)
        elif command.startswith("postgres:") and f" {DATABASE_NAME} " in command:
            found[int(entry.name)] = (DATABASE, seconds)
    return found


def per_request(before: Sample | None, after: Sample | None, requests: int) -> str:
    """Return 'CPU/req x ms app + y ms db', or '' when /proc could not be read.

    Counted per process: a database connection closed during the run (CONN_MAX_AGE) takes
    its share with it, so the database figure is a lower bound.
    """
    if before is None or after is None or not requests:
        return ""
    used = {SERVER: 0.0, DATABASE: 0.0}
    for pid, (kind, seconds) in after.items():
        used[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    server, database = (used[kind] / requests * 1000 for kind in (SERVER, DATABASE))
    return f"CPU/req {server:.2f} ms app + {database:.2f} ms db"
