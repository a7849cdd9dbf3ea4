"""Backup and restore of the whole database: `pg_dump`/`pg_restore` (custom format) on PostgreSQL,
SQLite's online backup API on SQLite. A backup is one file; a restore replaces every table.

`fingerprint()` summarises every table (row count and a hash over all rows in a fixed order), so a
round trip can be checked table by table."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be done; the message is for the operator (German)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    size: int
    tables: int


def _vendor(conn: BaseDatabaseWrapper) -> str:
    if conn.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Datenbank „{conn.vendor}“ wird nicht unterstützt (nur SQLite und PostgreSQL).")
    return conn.vendor


def _pg_tool(name: str, conn: BaseDatabaseWrapper) -> str:
    """The client tool of the server's major version (Debian installs several side by side)."""
    major = conn.pg_version // 10000  # type: ignore[attr-defined]
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} nicht gefunden (Debian-Paket postgresql-client-{major}).")
    return found


def _pg_args(conn: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    settings = conn.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # no shell; the arguments are the tool path and the configured connection settings
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} ist fehlgeschlagen: {completed.stderr.strip()[-2000:]}")


def backup(path: Path, *, conn: BaseDatabaseWrapper = connection) -> BackupResult:
    """Write a consistent backup of the database to `path` (written next to it, then renamed, so a
    failed backup never leaves a half-written file under the final name)."""
    vendor = _vendor(conn)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            conn.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                conn.connection.backup(target)
            finally:
                target.close()
        else:
            args, env = _pg_args(conn)
            _run(
                [
                    _pg_tool("pg_dump", conn),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(partial),
                    *args,
                ],
                env,
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=path, vendor=vendor, size=path.stat().st_size, tables=len(_tables(conn)))


def backup_vendor(path: Path) -> str:
    """Which database a backup file is for, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise BackupError(f"Sicherung „{path}“ kann nicht gelesen werden: {error.strerror}.") from error
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(f"„{path}“ ist keine Sicherung von ikone (weder SQLite noch pg_dump-Format).")


def _check_sqlite_backup(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        status = source.execute("PRAGMA integrity_check").fetchone()[0]
        has_migrations = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Sicherung „{path}“ ist beschädigt: {error}.") from error
    finally:
        source.close()
    if status != "ok":
        raise BackupError(f"Sicherung „{path}“ ist beschädigt: {status}.")
    if not has_migrations:
        raise BackupError(f"„{path}“ ist keine Datenbank von ikone (keine Tabelle django_migrations).")


def restore(path: Path, *, conn: BaseDatabaseWrapper = connection) -> None:
    """Replace every table with the backup's content. The backup is checked before anything is
    touched; PostgreSQL restores in one transaction (all or nothing), SQLite copies page by page
    under an exclusive lock."""
    vendor = _vendor(conn)
    found = backup_vendor(path)
    if found != vendor:
        raise BackupError(
            f"Die Sicherung ist für {found}, die Datenbank ist {vendor}: so nicht wiederherstellbar."
        )
    if vendor == "sqlite":
        _check_sqlite_backup(path)
        conn.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(conn.connection)
        finally:
            source.close()
        return
    args, env = _pg_args(conn)
    _run([_pg_tool("pg_restore", conn), "--list", str(path)], env)
    conn.close()
    _run(
        [
            _pg_tool("pg_restore", conn),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env,
    )


def _tables(conn: BaseDatabaseWrapper) -> list[str]:
    with conn.cursor() as cursor:
        return sorted(conn.introspection.table_names(cursor))


def fingerprint(*, conn: BaseDatabaseWrapper = connection) -> dict[str, tuple[int, str]]:
    """Per table: (row count, SHA-256 over every row ordered by all columns)."""
    result: dict[str, tuple[int, str]] = {}
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        for table in _tables(conn):
            columns = [column.name for column in conn.introspection.get_table_description(cursor, table)]
            order = ", ".join(str(index) for index in range(1, len(columns) + 1))
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_stable(value) for value in row)).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


def _stable(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value
