"""Faults, bounded and local. The database server stops under load and comes back: ikone's
requests fail cleanly with 503 (the API with its error body) while it is gone, health stays up,
and the same server processes serve again once it is back, without a restart. An import killed
with SIGKILL in the middle of its transaction leaves nothing half-written."""

from __future__ import annotations

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

import pytest
from django.db import connection

from tests.processes import BIN, OwnPostgres, ikone, ikone_python, start_server, stop, wait_for

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
