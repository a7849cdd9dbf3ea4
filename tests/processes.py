"""ikone as separate processes (web servers, the job cluster) on one database the test creates:
a SQLite file, or a new database on the PostgreSQL server the suite runs on."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ikone(env: dict[str, str], *args: str) -> str:
    """Run `ikone ARGS` with `env`; its standard output."""
    return subprocess.run(
        [str(BIN / "ikone"), *args], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def ikone_python(env: dict[str, str], code: str) -> str:
    """Run Python code in ikone's environment (`ikone shell -c`); its standard output."""
    return ikone(env, "shell", "--no-imports", "-c", code)


def _base_env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"DJANGO_SETTINGS_MODULE": "ikone.config.settings.test", "IKONE_VAR_DIR": str(var)}


def _postgres_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


def _create_database(db_blocker: Any, name: str, template: str = "") -> None:
    clause = f' TEMPLATE "{template}"' if template else ""
    with db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"{clause}')


def _drop_database(db_blocker: Any, name: str) -> None:
    with db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def migrated_template(var: Path, db_blocker: Any) -> Iterator[dict[str, str]]:
    """One migrated database for the whole test session; `shared_database` copies it, which is
    much faster than migrating a new database for every module."""
    env = _base_env(var)
    created = None
    if connection.vendor == "postgresql":
        created = f"ikone_template_{uuid.uuid4().hex[:8]}"
        _create_database(db_blocker, created)
        env["DATABASE_URL"] = _postgres_url(created)
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'template.sqlite3'}"
    try:
        ikone(env, "migrate", "-v0")
        yield env
    finally:
        if created:
            _drop_database(db_blocker, created)


@contextmanager
def shared_database(var: Path, db_blocker: Any, template: dict[str, str]) -> Iterator[dict[str, str]]:
    """Environment for processes that share one migrated database: a fresh copy of `template`."""
    env = _base_env(var)
    source = template["DATABASE_URL"]
    created = None
    if connection.vendor == "postgresql":
        created = f"ikone_processes_{uuid.uuid4().hex[:8]}"
        _create_database(db_blocker, created, template=source.rsplit("/", 1)[1])
        env["DATABASE_URL"] = _postgres_url(created)
    else:
        copy = var / "shared.sqlite3"
        shutil.copyfile(source.removeprefix("sqlite:///"), copy)
        env["DATABASE_URL"] = f"sqlite:///{copy}"
    try:
        yield env
    finally:
        if created:
            _drop_database(db_blocker, created)


def start_server(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """A gunicorn server (extra ARGS, e.g. --workers 2); returns once /api/v1/ready answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            *args,
            "ikone.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # workers import everything at start; the machine may be busy
    while True:
        try:
            with urllib.request.urlopen(url + "/api/v1/ready", timeout=30) as answer:  # noqa: S310
                if answer.status == 200:
                    return process, url
        except OSError:  # refused while starting, or a read timed out (URLError, TimeoutError)
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.2)


def start_cluster(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`ikone jobs worker` in its own process group (so that stopping it stops its workers too)."""
    return subprocess.Popen(
        [str(BIN / "ikone"), "jobs", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def wait_for(condition: Any, *, seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


class OwnPostgres:
    """A PostgreSQL server of the test's own (trust auth, loopback, fsync off) that the test may stop
    and start again, e.g. to see ikone lose its database and recover."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (make system-deps)")
        self.bin = bins[-1]
        self.port = free_port()
        self.data = Path(tempfile.mkdtemp(prefix="ikone-pg-", dir="/tmp"))
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / tool), *args], check=True, capture_output=True, text=True
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.data, ignore_errors=True)


def workers_of(master: int) -> list[int]:
    """The worker processes of a gunicorn master (its direct children, from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry.name))
    return sorted(children)
