"""Make sure the services the tests need are there, then run the given command.

`python -m tests.preflight pytest ...`: PostgreSQL at DATABASE_URL (default the local
server) must answer, and its database is created if missing. Redis at REDIS_URL (default
the local server, database 15) is used when it answers; outside CI a missing Redis only
means rate limits are tested on the in-process cache. With CI=true a missing service
fails the run: CI never falls back silently.
"""

import os
import sys

import dj_database_url
import psycopg

from ops.database import connection_params, ensure_database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tiepdan"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def fail(message: str) -> None:
    print(f"preflight: {message}", file=sys.stderr)
    sys.exit(1)


def ensure_postgres(url: str) -> None:
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        fail(f"the tests run on PostgreSQL; DATABASE_URL points at {config['ENGINE']}")
    try:
        if ensure_database(url):
            print(f"preflight: created database {config['NAME']}")
    except psycopg.OperationalError as exc:
        params = connection_params(url)
        fail(f"PostgreSQL is not reachable at {params['host']}:{params['port']} ({exc}).")


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def main(command: list[str]) -> None:
    in_ci = os.environ.get("CI", "").lower() == "true"
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_postgres(env["DATABASE_URL"])
    redis_url = env.get("REDIS_URL") or DEFAULT_REDIS_URL
    if redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
    elif in_ci:
        fail(f"Redis is not reachable at {redis_url}.")
    else:
        print(
            f"preflight: Redis not reachable at {redis_url}; using the local cache.",
            file=sys.stderr,
        )
        env.pop("REDIS_URL", None)
    if not command:
        return
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
