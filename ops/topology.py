"""The production topology on one machine: gunicorn, a Celery worker and Celery beat.

`make serve` (ops/serve.py) and the drills (drill/) run it through this class; deploy/'s
systemd units run the same three commands.
"""

import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import processes

WEB, WORKER, BEAT = "web", "worker", "beat"


@dataclass
class Topology:
    env: dict
    cwd: Path
    logs: Path
    port: int
    workers: int
    running: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)
    # Roles stopped on purpose (a drill's kill), which restart_exited leaves alone.
    stopped: set[str] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://{processes.HOST}:{self.port}"

    def start(self) -> None:
        """Start the three processes and return once the web server answers."""
        self.start_worker()
        self._start(BEAT, processes.celery_beat_command(self.logs / "celerybeat-schedule"))
        web = self._start(WEB, processes.gunicorn_command(self.port, self.workers))
        try:
            processes.wait_until_answering(self.port, web, "/staff/login/")
        except RuntimeError:
            self.stop()
            raise

    def start_worker(self) -> None:
        self._start(WORKER, processes.celery_worker_command())

    def _start(self, role: str, command: list[str]) -> subprocess.Popen:
        process = processes.start(
            command, env=self.env, cwd=self.cwd, log=self.logs / f"{role}.log"
        )
        self.running[role], self.commands[role] = process, command
        self.stopped.discard(role)
        return process

    def kill(self, role: str) -> None:
        """Kill a process and everything it started at once (SIGKILL), as a crash would."""
        self.stopped.add(role)
        processes.stop(self.running[role], signal.SIGKILL)

    def restart_exited(self) -> list[str]:
        """Start again each process that ended on its own; return their roles."""
        ended = [role for role in self.exited() if role not in self.stopped]
        for role in ended:
            self._start(role, self.commands[role])
        return ended

    def pids(self, *roles: str) -> list[int]:
        return [
            pid
            for role in roles or self.running
            if role in self.running and self.running[role].poll() is None
            for pid in processes.group_members(self.running[role].pid)
        ]

    def exited(self) -> list[str]:
        """Return the roles whose process has ended."""
        return [role for role, process in self.running.items() if process.poll() is not None]

    def stop(self) -> None:
        for role in (WEB, BEAT, WORKER):
            if role in self.running:
                processes.stop(self.running[role])
