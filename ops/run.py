"""Run one process of the topology in place of this one: `python -m ops.run web|worker|beat`.

deploy/'s systemd units start the processes this way, so that they run with exactly the
commands `make serve` and the drills use (ops/processes.py). `web` listens on PORT (8000).
"""

import os
import sys
from pathlib import Path

from . import processes


def command(role: str) -> list[str]:
    if role == "web":
        return processes.gunicorn_command(
            int(os.environ.get("PORT", "8000")), processes.web_workers()
        )
    if role == "worker":
        return processes.celery_worker_command()
    if role == "beat":
        var = Path(os.environ.get("TIEPDAN_VAR_DIR", "var"))
        return processes.celery_beat_command(var / "celerybeat-schedule")
    raise SystemExit("usage: python -m ops.run web|worker|beat")


if __name__ == "__main__":
    argv = command(sys.argv[1] if len(sys.argv) == 2 else "")
    os.execv(argv[0], argv)
