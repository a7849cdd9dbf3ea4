"""Several stateless web processes: a write answered by one server process is seen by the very
next request to another, although each process keeps its own catalog snapshot and search index.

Two gunicorn servers (one worker each, so each request's process is known) share one database that
this test creates: a SQLite file, or a new database on the PostgreSQL server the suite runs on."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from ikone.catalog.tests.factories import publiccode_yaml

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def shared_database(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[dict[str, str]]:
    """Environment for processes that share one migrated database, with an editor's write token."""
    var = tmp_path_factory.mktemp("multiworker")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "ikone.config.settings.test", "IKONE_VAR_DIR": str(var)}
    created = None
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        created = f"ikone_multiworker_{uuid.uuid4().hex[:8]}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created}"')
        env["DATABASE_URL"] = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{created}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'shared.sqlite3'}"

    def ikone(*args: str) -> str:
        return subprocess.run(
            [str(BIN / "ikone"), *args], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    ikone("migrate", "-v0")
    ikone(
        "shell",
        "-c",
        "from ikone.core.testing.factories import MunicipalityFactory; "
        "MunicipalityFactory(ags='07318000', name='Speyer, Stadt')",
    )
    ikone("createuser", "--email", "redaktion@speyer.example", "--org", "07318000", "--role", "editor")
    env["TOKEN"] = ikone("token", "create", "--email", "redaktion@speyer.example", "--scope", "write")
    yield env
    if created:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{created}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(shared_database: dict[str, str]) -> Iterator[list[str]]:
    processes, urls = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "ikone.config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                env=shared_database,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/api/v1/ready", timeout=5) as answer:  # noqa: S310
                        if answer.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _request(url: str, *, token: str = "", body: bytes | None = None) -> Any:
    headers = {"Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/yaml"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read())


def _names(server: str, query: str) -> list[str]:
    return [item["name"] for item in _request(f"{server}/api/v1/solutions?q={query}")["items"]]


def test_a_write_in_one_process_is_seen_by_the_next_request_in_another(
    servers: list[str], shared_database: dict[str, str]
) -> None:
    first, second = servers
    token = shared_database["TOKEN"]
    # Both processes build their snapshot and index before the write.
    assert _names(first, "Hundesteuer") == []
    assert _names(second, "Hundesteuer") == []

    created = _request(
        f"{first}/api/v1/solutions/import?owner=07318000",
        token=token,
        body=publiccode_yaml(name="Hundesteuer-Portal").encode(),
    )
    assert created["status"] == "created"
    assert _names(second, "Hundesteuer") == ["Hundesteuer-Portal"]

    updated = _request(
        f"{second}/api/v1/solutions/import?owner=07318000",
        token=token,
        body=publiccode_yaml(name="Hundesteuer-Portal", short="Hundesteuer und Hundemarke online.").encode(),
    )
    assert updated["status"] == "updated"
    assert _names(first, "Hundemarke") == ["Hundesteuer-Portal"]
