"""`make serve`: the production topology on this machine, until Ctrl-C.

    python -m ops.serve              # migrate, collect static files, serve
    python -m ops.serve manage ARGS  # manage.py in the same environment (createsuperuser …)

Production settings on PostgreSQL (DATABASE_URL, default the local server's `tiepdan`
database, created when missing) and Redis (REDIS_URL, default the local server's database
0). SECRET_KEY and IDENTITY_ENCRYPTION_KEYS come from the environment, or from var/secrets/
where they are generated the first time (docs/operations.md#make-serve).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

from . import database, processes
from . import secrets as secret_files
from .topology import Topology

PROJECT_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_DIR / "var"
DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tiepdan",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # Served over plain HTTP on this machine; behind deploy/'s nginx, TLS makes it HTTPS.
    "SECURE_SSL_REDIRECT": "false",
    "TIEPDAN_SECRETS_DIR": str(VAR_DIR / "secrets"),
    "PYTHONUNBUFFERED": "1",
}


def say(message: str) -> None:
    print(f"serve: {message}", flush=True)


def environment() -> dict:
    env = {**DEFAULTS, **{k: v for k, v in os.environ.items() if v}}
    created = secret_files.ensure(Path(env["TIEPDAN_SECRETS_DIR"]), environ=env)
    if created:
        say(f"generated {', '.join(created)} in {env['TIEPDAN_SECRETS_DIR']} (mode 0600)")
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True)


def check_services(env: dict) -> None:
    """Stop with a clear message when PostgreSQL or Redis does not answer."""
    try:
        if database.ensure_database(env["DATABASE_URL"]):
            say(f"created the database of {env['DATABASE_URL']}")
    except psycopg.OperationalError as exc:
        raise SystemExit(f"serve: PostgreSQL at DATABASE_URL does not answer: {exc}") from exc
    try:
        redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"serve: Redis at REDIS_URL does not answer ({exc}); start it "
            "(apt-get install redis-server) or set REDIS_URL"
        ) from exc


def serve(env: dict) -> int:
    check_services(env)
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    manage(env, "search_reindex", "--if-empty", "--verbosity=0")
    port = int(env.get("PORT", "8000"))
    topology = Topology(
        env=env,
        cwd=PROJECT_DIR,
        logs=VAR_DIR / "log",
        port=port,
        workers=processes.web_workers(),
    )
    try:
        topology.start()
    except RuntimeError as exc:
        log = topology.logs / "web.log"
        raise SystemExit(f"serve: {exc}; see {log} (is PORT {port} free?)") from exc
    pid_file = VAR_DIR / "serve.pid"
    pid_file.write_text(f"{os.getpid()}\n")
    say(f"serving {topology.url}/ (staff /staff/, citizens /portal/, API /api/docs/)")
    say(f"gunicorn {topology.workers} workers × {processes.THREADS} threads, a Celery worker, beat")
    say(f"logs in {topology.logs}/; no account yet? `make manage ARGS=createsuperuser`")
    say(f"stop: Ctrl-C here, or `kill $(cat {pid_file})`")
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    try:
        while not stopping and not topology.exited():
            time.sleep(0.5)
    finally:
        ended = topology.exited()
        topology.stop()
        pid_file.unlink(missing_ok=True)
    if ended and not stopping:
        say(f"{', '.join(ended)} stopped on its own; see {topology.logs}/")
        return 1
    say("stopped")
    return 0


def main(arguments: list[str]) -> int:
    env = environment()
    if arguments[:1] == ["manage"]:
        manage(env, *arguments[1:])
        return 0
    return serve(env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
