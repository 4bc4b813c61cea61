"""Backup and restore: the database as a pg_dump, the uploaded files, and a manifest.

A backup directory holds `database.dump` (pg_dump, custom format), `media/` (a copy of
MEDIA_ROOT) and `manifest.json`: the row count of every table, read in the dump's own
snapshot, and the SHA-256 of every file. Neither SECRET_KEY nor the identity keys are ever in
it: a backup that leaks reveals no denouncer (docs/operations.md#backup-and-restore).
"""

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cases.identity import identities_unreadable

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg(program: str, *args: str) -> None:
    """Run pg_dump or pg_restore on the default database; raise BackupError if it fails."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backup and restore need PostgreSQL.")
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    # What the URL leaves out, libpq's defaults fill in (the local socket, the system user).
    given = {"--host": db.get("HOST"), "--port": db.get("PORT"), "--username": db.get("USER")}
    command = [program, *(f"{flag}={value}" for flag, value in given.items() if value)]
    command += [f"--dbname={db['NAME']}", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _counts(tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(root: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under `root`, by its path relative to it."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


def backup(destination: Path) -> Summary:
    """Write a backup of the database and the uploaded files into an empty directory."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new directory.")
    destination.mkdir(parents=True, exist_ok=True)
    destination.chmod(0o700)
    # The counts are read in the snapshot pg_dump dumps, so the manifest describes the dump.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _pg("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={destination / DUMP}")
        counts = _counts(_tables())
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, destination / MEDIA)
    files = {DUMP: _sha256(destination / DUMP)}
    files.update({f"{MEDIA}/{name}": sha for name, sha in _files(destination / MEDIA).items()})
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "migrations": MigrationRecorder.Migration.objects.count(),
        "tables": counts,
        "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(files) - 1)


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: unknown backup format {manifest.get('format')!r}.")
    for name, sha in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != sha:
            raise BackupError(f"{source}: {name} is missing or differs from the manifest.")
    return manifest


def restore(source: Path, *, replace: bool = False) -> Summary:
    """Restore a backup into the default database and MEDIA_ROOT, then check it.

    Refuses a database that holds tables, or a MEDIA_ROOT that holds files, unless
    `replace` says to drop what they hold. Raises BackupError when the restored counts or
    files differ from the manifest, or when the identity keys cannot read what it holds.
    """
    manifest = _read_manifest(source)
    media = Path(settings.MEDIA_ROOT)
    if not replace:
        if _tables():
            raise BackupError(
                "The database is not empty; restore into an empty one, or pass --replace to "
                "drop everything it holds."
            )
        if _files(media):
            raise BackupError(f"MEDIA_ROOT ({media}) holds files; empty it or pass --replace.")
    connection.close()
    _pg(
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        *(["--clean", "--if-exists"] * replace),
        str(source / DUMP),
    )
    if replace and media.exists():
        shutil.rmtree(media)
    if (source / MEDIA).is_dir():
        shutil.copytree(source / MEDIA, media, dirs_exist_ok=True)
    counts = _counts(sorted(manifest["tables"]))
    differ = [t for t, n in manifest["tables"].items() if counts.get(t) != n]
    if differ:
        raise BackupError(f"Row counts differ from the manifest in: {', '.join(differ)}.")
    restored = {f"{MEDIA}/{name}": sha for name, sha in _files(media).items()}
    expected = {name: sha for name, sha in manifest["files"].items() if name != DUMP}
    if any(restored.get(name) != sha for name, sha in expected.items()):
        raise BackupError("Restored files differ from the manifest's SHA-256 sums.")
    unreadable = identities_unreadable()
    if unreadable:
        raise BackupError(
            f"{unreadable} protected identities and texts do not decrypt with "
            "IDENTITY_ENCRYPTION_KEYS: start with the keys kept from the server the backup "
            "came from (the data is restored; nothing else needs doing)."
        )
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(expected))
