"""A gunicorn server on 127.0.0.1 for the length of a `with` block, and nothing longer."""

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ops import processes

HOST = processes.HOST


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


def describe(workers: int, threads: int) -> str:
    if threads > 1:
        return f"gunicorn gthread, {workers} workers × {threads} threads"
    return f"gunicorn sync, {workers} workers"


@contextlib.contextmanager
def running(
    *, env: dict, cwd: Path, log_path: Path, workers: int, threads: int
) -> Iterator[Server]:
    """Run gunicorn with the bench settings while the block runs; always stop it after."""
    port = processes.free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        # A session of its own, so that stopping reaches the workers too.
        process = subprocess.Popen(
            processes.gunicorn_command(port, workers, threads),
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            processes.wait_until_answering(port, process, "/bench/minimal/")
            yield Server(HOST, port, process.pid, describe(workers, threads))
        finally:
            processes.stop(process)
