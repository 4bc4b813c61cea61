"""A gunicorn server on 127.0.0.1 for the length of a `with` block, and nothing longer."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 15


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    # gunicorn leads a process group of its own: its id finds the workers too.
    group: int
    description: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def describe(workers: int, threads: int) -> str:
    if threads > 1:
        return f"gunicorn gthread, {workers} workers × {threads} threads"
    return f"gunicorn sync, {workers} workers"


def gunicorn_command(port: int, workers: int, threads: int) -> list[str]:
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


def wait_until_answering(port: int, process: subprocess.Popen) -> None:
    """Return once the server answers the minimal view; fail if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before answering")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                connection.request("GET", "/bench/minimal/")
                if connection.getresponse().status == 200:
                    return
            finally:
                connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers; kill the whole group if it does not go quietly."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def running(
    *, env: dict, cwd: Path, log_path: Path, workers: int, threads: int
) -> Iterator[Server]:
    """Run gunicorn with the bench settings while the block runs; always stop it after."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        # A session of its own, so that stopping reaches the workers too.
        process = subprocess.Popen(
            gunicorn_command(port, workers, threads),
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_answering(port, process)
            yield Server(HOST, port, process.pid, describe(workers, threads))
        finally:
            stop(process)
