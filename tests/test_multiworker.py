"""Several stateless web processes: a write answered by one server process is seen by the very
next request to another, although each process keeps its own catalog snapshot and search index.

Two gunicorn servers (one worker each, so each request's process is known) share one database that
this test creates: a SQLite file, or a new database on the PostgreSQL server the suite runs on."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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


def _start(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), *args, "ikone.config.wsgi", "--bind", f"127.0.0.1:{port}"],
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


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(shared_database: dict[str, str]) -> Iterator[list[str]]:
    started = [_start(shared_database, "--workers", "1") for _ in range(2)]
    try:
        yield [url for _, url in started]
    finally:
        _stop([process for process, _ in started])


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


def test_metrics_add_up_the_requests_of_every_worker_process(
    shared_database: dict[str, str], tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "metrics"
    env = shared_database | {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    process, url = _start(env, "-c", "python:ikone.config.gunicorn", "--workers", "2")

    def health(_: int) -> None:
        with urllib.request.urlopen(url + "/api/v1/health", timeout=30) as answer:  # noqa: S310
            answer.read()

    def serving_pids() -> set[str]:
        return {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("histogram_*.db")}

    sent = 0
    try:
        # Until both workers have answered some (the second may still be starting at first).
        with ThreadPoolExecutor(max_workers=8) as pool:
            while len(serving_pids()) < 2 and sent < 2000:
                list(pool.map(health, range(40)))
                sent += 40
        with urllib.request.urlopen(url + "/metrics", timeout=30) as answer:  # noqa: S310
            body = answer.read().decode()
    finally:
        _stop([process])
    assert len(serving_pids()) == 2, "both workers served requests"
    counted = re.search(
        r'^ikone_http_request_duration_seconds_count\{method="GET",route="/api/v1/health",status="2xx"\} (\S+)$',
        body,
        re.MULTILINE,
    )
    assert counted is not None
    assert float(counted.group(1)) == sent
