"""The services a drill runs beside the topology, so that it can stop and start them:
its own redis-server, the fake Elasticsearch as a process, and a mail sink that counts."""

import contextlib
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

from ops import processes

PROJECT_DIR = Path(__file__).resolve().parent.parent


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((processes.HOST, port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port} after {timeout} s")


class RedisServer:
    """A redis-server on a free port that keeps nothing on disk: a stop loses its queues."""

    def __init__(self, workdir: Path):
        self.port = processes.free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{processes.HOST}:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            *("--port", str(self.port), "--bind", processes.HOST),
            *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
        ]
        self.process = processes.start(
            command, env=dict(os.environ), cwd=self.workdir, log=self.workdir / "redis.log"
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process)


class FakeSearchEngine:
    """tests/fake_elasticsearch.py as a process; `down()` closes its port, `up()` reopens it."""

    def __init__(self, workdir: Path, env: dict):
        self.port = processes.free_port()
        self.process = processes.start(
            [sys.executable, "-m", "tests.fake_elasticsearch", str(self.port)],
            env=env,
            cwd=PROJECT_DIR,
            log=workdir / "elasticsearch.log",
        )
        wait_for_port(self.port)

    @property
    def url(self) -> str:
        return f"http://{processes.HOST}:{self.port}"

    def down(self) -> None:
        self.process.send_signal(signal.SIGUSR1)

    def up(self) -> None:
        self.process.send_signal(signal.SIGUSR2)

    def stop(self) -> None:
        processes.stop(self.process)


class MailSink:
    """An SMTP server that takes every message and counts each Message-ID it receives."""

    def __init__(self):
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname=processes.HOST, port=processes.free_port())

    @property
    def port(self) -> int:
        return self.controller.port

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.received[message.get("Message-ID", "")] += 1
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def duplicates(self) -> int:
        with self.lock:
            return sum(count - 1 for count in self.received.values())

    def distinct(self) -> int:
        with self.lock:
            return len(self.received)
