"""Faults, bounded and local. The database server stops under load and comes back: ikone's
requests fail cleanly with 503 (the API with its error body) while it is gone, health stays up,
and the same server processes serve again once it is back, without a restart. An import killed
with SIGKILL in the middle of its transaction leaves nothing half-written, and so does a web worker
killed in the middle of a write; gunicorn replaces it and the next requests succeed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from ikone.catalog.tests.factories import publiccode_yaml
from tests.processes import BIN, OwnPostgres, ikone, ikone_python, start_server, stop, wait_for, workers_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stops and restarts a PostgreSQL server of its own; runs in the PostgreSQL pass of make test",
)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[OwnPostgres, str]]:
    database = OwnPostgres()
    try:
        database.start()
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "ikone.config.settings.test",
            "IKONE_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database.url,
        }
        ikone(env, "migrate", "-v0")
        process, url = start_server(env, "--workers", "2")
        try:
            yield database, url
        finally:
            stop([process])
    finally:
        database.remove()


def test_the_database_restarting_under_load_gives_503s_and_service_recovers(
    served: tuple[OwnPostgres, str],
) -> None:
    database, url = served
    pages = [f"{url}/api/v1/organizations", f"{url}/", f"{url}/api/v1/solutions"]
    assert [_status(page) for page in pages] == [200, 200, 200]

    seen: Counter[int] = Counter()
    errors: list[BaseException] = []
    running = threading.Event()
    running.set()

    def load() -> None:
        while running.is_set():
            for page in pages:
                try:
                    seen[_status(page)] += 1
                except BaseException as error:  # a broken connection would be a failure too
                    errors.append(error)

    clients = [threading.Thread(target=load) for _ in range(3)]
    for client in clients:
        client.start()
    try:
        assert wait_for(lambda: seen[200] >= 30, seconds=60)
        database.stop()
        assert wait_for(lambda: seen[503] >= 10, seconds=60), "requests fail with 503 while it is gone"
        assert _status(f"{url}/api/v1/health") == 200
        assert _status(f"{url}/api/v1/ready") == 503
        database.start()
        before = seen[200]
        assert wait_for(lambda: seen[200] >= before + 30, seconds=60), "the same processes serve again"
    finally:
        running.clear()
        for client in clients:
            client.join(timeout=60)
    assert errors == []
    assert set(seen) <= {200, 503}, f"only 200 and 503, got {dict(seen)}"
    assert [_status(page) for page in pages] == [200, 200, 200]
    assert _status(f"{url}/api/v1/ready") == 200


def test_an_import_killed_in_its_transaction_leaves_nothing_half_written(
    shared_database: dict[str, str], django_db_blocker: Any
) -> None:
    """`ikone import-reference` writes the municipality directory in one transaction: killed with
    SIGKILL while it writes, nothing of it is left; run again, it imports everything."""
    env = shared_database
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    importer = subprocess.Popen(
        [str(BIN / "ikone"), "import-reference", "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def writing_the_directory() -> bool:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL"
                " AND query ILIKE %s",
                [database, "%INSERT INTO%organizations_organization%"],
            )
            return bool(cursor.fetchone()[0])

    try:
        assert wait_for(writing_the_directory, seconds=120, step=0.05), "the import started writing"
        importer.send_signal(signal.SIGKILL)
    finally:
        importer.wait(timeout=60)
    assert importer.returncode == -signal.SIGKILL
    counts = "from ikone.organizations.models import Organization; print(Organization.objects.count())"
    assert ikone_python(env, counts) == "0"

    ikone(env, "import-reference", "--quiet")
    towns = "from ikone.organizations.models import Organization; print(Organization.objects.filter(level='gemeinde').count())"
    assert ikone_python(env, towns) == "10982"


def _pid_with_local_port(pids: list[int], port: int) -> int | None:
    """The process among `pids` that holds the TCP socket with local `port` (from /proc)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    return None


def test_a_web_worker_killed_in_the_middle_of_a_write_leaves_nothing_and_is_replaced(
    tmp_path: Path,
) -> None:
    """A solution import runs in one transaction (solution, links, audit entry). The test holds a
    lock on the audit table, so the worker's transaction stops inside, at its audit entry, after the
    solution is written; SIGKILL to that gunicorn worker, lock released: nothing of the write is
    there, the master starts a new worker, and the same write then succeeds."""
    database = OwnPostgres()
    try:
        database.start()
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "ikone.config.settings.test",
            "IKONE_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database.url,
        }
        ikone(env, "migrate", "-v0")
        ikone_python(
            env,
            "from ikone.core.testing.factories import MunicipalityFactory; "
            "MunicipalityFactory(ags='07318000', name='Speyer, Stadt')",
        )
        ikone(
            env, "createuser", "--email", "redaktion@speyer.example", "--org", "07318000", "--role", "editor"
        )
        token = ikone(env, "token", "create", "--email", "redaktion@speyer.example", "--scope", "write")
        server, url = start_server(env, "--workers", "2")
        try:
            _kill_a_worker_in_a_write(database, server.pid, url, token)
        finally:
            stop([server])
    finally:
        database.remove()


def _import(url: str, token: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310
        f"{url}/api/v1/solutions/import?owner=07318000",
        data=publiccode_yaml(name="Hundesteuer-Portal").encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        return int(answer.status), json.loads(answer.read())


def _kill_a_worker_in_a_write(database: OwnPostgres, master: int, url: str, token: str) -> None:
    workers = workers_of(master)
    assert len(workers) == 2
    outcome: list[BaseException | tuple[int, dict[str, Any]]] = []
    with psycopg.connect(database.url, autocommit=True) as watcher, psycopg.connect(database.url) as locker:
        counts_before = _counts(watcher)
        locker.execute("LOCK TABLE core_changerecord IN EXCLUSIVE MODE")  # reads go on, writes wait
        writer = threading.Thread(target=lambda: outcome.append(_catch(lambda: _import(url, token))))
        writer.start()
        blocked: list[tuple[int, str]] = []

        def waiting_at_its_audit_entry() -> bool:
            blocked[:] = watcher.execute(
                "SELECT client_port, query FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query ILIKE %s",
                ["%INSERT INTO%core_changerecord%"],
            ).fetchall()
            return bool(blocked)

        try:
            assert wait_for(waiting_at_its_audit_entry, seconds=60, step=0.05), (
                "the write reached its audit entry"
            )
            victim = _pid_with_local_port(workers, blocked[0][0])
            assert victim in workers
            os.kill(victim, signal.SIGKILL)
            writer.join(timeout=60)
        finally:
            locker.rollback()  # releases the lock: the orphaned transaction can end (rolled back)
        assert wait_for(
            lambda: (
                not watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE query ILIKE %s AND state <> 'idle'",
                    ["%INSERT INTO%core_changerecord%"],
                ).fetchall()
            ),
            seconds=60,
        )
        assert len(outcome) == 1
        assert isinstance(outcome[0], BaseException), "the request got no answer"
        assert _counts(watcher) == counts_before, "nothing of the write is left"

        assert wait_for(
            lambda: len(workers_of(master)) == 2 and victim not in workers_of(master), seconds=120
        )
        status, body = _import(url, token)
        assert (status, body["status"]) == (201, "created")
        assert _counts(watcher) != counts_before
    with urllib.request.urlopen(f"{url}/api/v1/solutions?q=Hundesteuer", timeout=30) as answer:  # noqa: S310
        assert [item["name"] for item in json.loads(answer.read())["items"]] == ["Hundesteuer-Portal"]


def _catch(call: Any) -> Any:
    try:
        return call()
    except BaseException as error:  # the answer that never came
        return error


def _counts(connection_: psycopg.Connection[Any]) -> tuple[int, ...]:
    row = connection_.execute(
        "SELECT (SELECT count(*) FROM catalog_solution), (SELECT count(*) FROM catalog_release),"
        " (SELECT count(*) FROM core_changerecord)"
    ).fetchone()
    assert row is not None
    return tuple(row)
