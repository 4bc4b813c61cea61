"""The production topology's processes: gunicorn, a Celery worker and Celery beat.

`make serve`, the drills and the benchmarks start them with these commands; deploy/'s
systemd units run the same ones. Each runs in a session of its own, so that stopping it
reaches its workers too.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 15
# Threads per gunicorn worker: one serves while another waits on PostgreSQL or Redis.
THREADS = 4


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def web_workers() -> int:
    """Return gunicorn's worker count: WEB_CONCURRENCY, else one per core."""
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else (os.cpu_count() or 1)


def gunicorn_command(port: int, workers: int, threads: int = THREADS) -> list[str]:
    # Several threads per worker run the next request while one waits on PostgreSQL or Redis.
    worker_class = "gthread" if threads > 1 else "sync"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        # Loopback clients keep their connection; a short keep-alive would close it mid-run.
        "--keep-alive=30",
        "--timeout=60",
        "--graceful-timeout=5",
        "--log-level=warning",
    ]


def celery_worker_command() -> list[str]:
    # One process per core (Celery's default); mail, search updates and sweeps are short.
    return [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING"]


def celery_beat_command(schedule: Path) -> list[str]:
    return [
        *[sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING"],
        f"--schedule={schedule}",
    ]


def start(command: list[str], *, env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    """Start a process in a session of its own, its output appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_answering(port: int, process: subprocess.Popen, path: str) -> None:
    """Return once the server answers `path` below 500; fail if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before answering")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                connection.request("GET", path)
                if connection.getresponse().status < 500:
                    return
            finally:
                connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop the process and its session; kill the whole group if it does not go quietly."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def group_members(group: int) -> list[int]:
    """Return the ids of the live processes in a process group (read from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # The process ended while we looked.
        # The command name in parentheses may hold spaces: split after its closing one.
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(entry.name))
    return members


def resident_bytes(pids: list[int]) -> int:
    """Return the resident memory of these processes added up (VmRSS)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total
