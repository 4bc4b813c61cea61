"""PostgreSQL databases of the topology: create them when missing, recreate, drop."""

import dj_database_url
import psycopg
from psycopg import sql


def connection_params(database_url: str, dbname: str | None = None) -> dict:
    """Return psycopg connection parameters for `dbname` (default: the URL's) on its server."""
    config = dj_database_url.parse(database_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit(f"PostgreSQL is needed here, not {config['ENGINE']}")
    return {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": dbname or config["NAME"],
        "connect_timeout": 5,
    }


def _server(database_url: str) -> psycopg.Connection:
    return psycopg.connect(**connection_params(database_url, "postgres"), autocommit=True)


def ensure_database(database_url: str) -> bool:
    """Create the URL's database if it is missing; return whether it was created."""
    name = dj_database_url.parse(database_url)["NAME"]
    with _server(database_url) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def recreate(database_url: str, dbname: str, *, template: str | None = None) -> None:
    """Drop and create `dbname`, empty or as a copy of `template`."""
    with _server(database_url) as connection:
        name = sql.Identifier(dbname)
        # FORCE ends connections a previous, interrupted run may have left open.
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        create = sql.SQL("CREATE DATABASE {}").format(name)
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        connection.execute(create)


def drop(database_url: str, dbname: str) -> None:
    with _server(database_url) as connection:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        connection.execute(query.format(sql.Identifier(dbname)))


def with_name(database_url: str, dbname: str) -> str:
    """Return the URL of another database on the same server."""
    base, _, _ = database_url.rpartition("/")
    return f"{base}/{dbname}"
