"""Several stateless web processes: a write answered by one server process is seen by the very
next request to another, although each process keeps its own catalog snapshot and search index.

Two gunicorn servers (one worker each, so each request's process is known) share one database
(`tests.processes`)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from ikone.catalog.tests.factories import publiccode_yaml
from tests.processes import ikone, ikone_python, start_server, stop


@pytest.fixture(scope="module")
def editor_env(shared_database: dict[str, str]) -> dict[str, str]:
    """The shared database with a town and an editor's write token."""
    env = dict(shared_database)
    ikone_python(
        env,
        "from ikone.core.testing.factories import MunicipalityFactory; "
        "MunicipalityFactory(ags='07318000', name='Speyer, Stadt')",
    )
    ikone(env, "createuser", "--email", "redaktion@speyer.example", "--org", "07318000", "--role", "editor")
    env["TOKEN"] = ikone(env, "token", "create", "--email", "redaktion@speyer.example", "--scope", "write")
    return env


@pytest.fixture(scope="module")
def servers(editor_env: dict[str, str]) -> Iterator[list[str]]:
    started = [start_server(editor_env, "--workers", "1") for _ in range(2)]
    try:
        yield [url for _, url in started]
    finally:
        stop([process for process, _ in started])


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
    servers: list[str], editor_env: dict[str, str]
) -> None:
    first, second = servers
    token = editor_env["TOKEN"]
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
    process, url = start_server(env, "-c", "python:ikone.config.gunicorn", "--workers", "2")

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
        stop([process])
    assert len(serving_pids()) == 2, "both workers served requests"
    counted = re.search(
        r'^ikone_http_request_duration_seconds_count\{method="GET",route="/api/v1/health",status="2xx"\} (\S+)$',
        body,
        re.MULTILINE,
    )
    assert counted is not None
    assert float(counted.group(1)) == sent


def _facet_entries(env: dict[str, str]) -> list[list[str]]:
    """(key, stamp, stored at) of the facet counts stored in the shared database."""
    return json.loads(
        ikone_python(
            env,
            "import json; from ikone.catalog.models import FacetCacheEntry; "
            "print(json.dumps(list(FacetCacheEntry.objects.order_by('key').values_list('key', 'stamp', 'stored_at')), default=str))",
        )
    )


def test_with_the_postgres_search_backend_a_write_is_seen_by_the_next_search_in_another(
    editor_env: dict[str, str],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL search backend needs PostgreSQL; this run uses SQLite")
    env = {**editor_env, "CATALOG_SEARCH_BACKEND": "postgres"}
    started = [start_server(env, "--workers", "1") for _ in range(2)]
    try:
        first, second = (url for _, url in started)
        assert _names(second, "Wohngeldantrag") == []
        stored = _facet_entries(editor_env)  # the second server counted the facets and stored them
        assert len(stored) == 1
        assert _request(f"{first}/api/v1/solutions?q=Wohngeldantrag")["count"] == 0
        assert _facet_entries(editor_env) == stored  # the first server read them, counted nothing
        created = _request(
            f"{first}/api/v1/solutions/import?owner=07318000",
            token=editor_env["TOKEN"],
            body=publiccode_yaml(
                name="Wohngeld digital",
                url="https://git.example.org/speyer/wohngeld",
                short="Wohngeldantrag online.",
            ).encode(),
        )
        assert created["status"] == "created"
        assert _names(second, "Wohngeldantrag") == ["Wohngeld digital"]
        assert _names(first, "Wohngeld") == ["Wohngeld digital"]
        body = _request(f"{first}/api/v1/solutions?q=Wohngeldantrag")  # stored by the second, new stamp
        assert body["count"] == 1
        assert {v["value"]: v["count"] for v in body["facets"]["license"]} == {"EUPL-1.2": 1}
        after = _facet_entries(editor_env)  # "Wohngeldantrag" and "Wohngeld", under the new stamp only
        assert len(after) == 2
        assert all(stamp != stored[0][1] for _key, stamp, _at in after)
    finally:
        stop([process for process, _ in started])


def _send(url: str, *, method: str = "GET", token: str = "", payload: dict[str, Any] | None = None) -> Any:
    headers = {"Accept-Encoding": "identity", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        return json.loads(answer.read())


def test_recommendations_follow_the_writes_answered_by_another_process(
    servers: list[str], editor_env: dict[str, str]
) -> None:
    """Each process keeps the recommendations' universe: a coverage write elsewhere recomputes
    the organisation's gaps, an adoption elsewhere loads the universe again."""
    first, second = servers
    token = editor_env["TOKEN"]
    slug, *ozg = ikone_python(
        editor_env,
        "from ikone.core.testing.factories import MunicipalityFactory; "
        "from ikone.coverage.tests.factories import maturity_models, small_catalog; "
        "from ikone.reuse.tests.conftest import make_solution; "
        "maturity_models(); services = small_catalog(1, 2); "
        "trier = MunicipalityFactory(ags='07211000', name='Trier, Stadt'); "
        "s = make_solution(trier, services, name='Sperrmüll-Termin', url='https://git.example.org/trier/sperr'); "
        "print(s.slug, *sorted(x.ozg_id for x in services))",
    ).split()
    speyer = "/api/v1/organizations/07318000"

    def recommended(server: str) -> dict[str, list[int]]:
        return {
            item["solution"]["slug"]: item["services"]
            for item in _send(server + speyer + "/recommendations")["items"]
        }

    ids = [int(x) for x in ozg]
    assert recommended(first) == recommended(second) == {slug: ids}
    _send(
        f"{first}{speyer}/coverage/{ozg[0]}", method="PUT", token=token, payload={"level": 3, "model": "1.1"}
    )
    assert recommended(second) == {slug: ids[1:]}
    _send(
        f"{second}/api/v1/adoptions",
        method="POST",
        token=token,
        payload={"organization": "07318000", "solution": slug, "state": "pilot"},
    )
    assert recommended(first) == {}
