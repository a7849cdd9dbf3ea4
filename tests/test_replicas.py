"""Read replicas: a gunicorn server with `DATABASE_REPLICA_URLS`. A real streaming replica is out
of reach in a test, so a second database plays the replica: a copy of the primary taken once,
which then lags behind (it gets none of the primary's later writes) and holds one organisation
the primary does not – so every answer shows which database served it.

Shown: a GET reads the replica; a write answers with the pin cookie and the client's next GET
reads the primary (its own write), while a client without the cookie still reads the replica;
after the pin expires the client reads the replica again; a page built from a stamped
per-process cache (the catalog snapshot) reads its stamp and data on the primary; the PostgreSQL
search reads the primary and its temporary tables pin no client."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.replicas import COOKIE
from tests import processes
from tests.processes import ikone, ikone_python, start_server, stop

PIN_SECONDS = 3
ONLY_IN_REPLICA = "07111000"  # Koblenz: an organisation only the replica holds


@pytest.fixture(scope="module")
def databases(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any, migrated_template: dict[str, str]
) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """(primary, replica): the replica is a copy of the primary with a town and an editor."""
    primary_var = tmp_path_factory.mktemp("primary")
    with processes.shared_database(primary_var, django_db_blocker, migrated_template) as primary:
        ikone_python(
            primary,
            "from ikone.core.testing.factories import MunicipalityFactory; "
            "MunicipalityFactory(ags='07318000', name='Speyer, Stadt')",
        )
        ikone(
            primary,
            "createuser",
            "--email",
            "redaktion@speyer.example",
            "--org",
            "07318000",
            "--role",
            "editor",
        )
        primary["TOKEN"] = ikone(
            primary, "token", "create", "--email", "redaktion@speyer.example", "--scope", "write"
        )
        with processes.shared_database(
            tmp_path_factory.mktemp("replica"), django_db_blocker, primary
        ) as replica:
            ikone_python(
                replica,
                "from ikone.core.testing.factories import MunicipalityFactory; "
                f"MunicipalityFactory(ags='{ONLY_IN_REPLICA}', name='Koblenz, Stadt')",
            )
            yield primary, replica


@pytest.fixture(scope="module")
def server(databases: tuple[dict[str, str], dict[str, str]]) -> Iterator[str]:
    primary, replica = databases
    env = primary | {
        "DATABASE_REPLICA_URLS": replica["DATABASE_URL"],
        "DATABASE_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
    }
    process, url = start_server(env, "--workers", "1")
    try:
        yield url
    finally:
        stop([process])


class Client:
    """An HTTP client with a cookie jar, like a browser or an API client that keeps cookies."""

    def __init__(self, base: str, token: str = "") -> None:
        self.base = base
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, path: str, *, body: bytes | None = None) -> tuple[int, Any]:
        headers = {"Accept-Encoding": "identity"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/yaml"
        request = urllib.request.Request(  # noqa: S310 - the test's own server
            self.base + path, data=body, headers=headers, method="POST" if body is not None else "GET"
        )
        try:
            with self.opener.open(request, timeout=60) as answer:
                return int(answer.status), json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return int(error.code), json.loads(error.read())

    def pinned(self) -> bool:
        return any(cookie.name == COOKIE for cookie in self.jar)


def _count(env: dict[str, str], ags: str) -> str:
    return ikone_python(
        env,
        f"from ikone.organizations.models import Organization; print(Organization.objects.filter(ags='{ags}').count())",
    )


def test_reads_go_to_the_replica_and_a_client_that_wrote_reads_its_write_on_the_primary(
    server: str, databases: tuple[dict[str, str], dict[str, str]]
) -> None:
    primary, replica = databases
    assert (_count(primary, ONLY_IN_REPLICA), _count(replica, ONLY_IN_REPLICA)) == ("0", "1")

    reader = Client(server)
    status, body = reader.call(f"/api/v1/organizations/{ONLY_IN_REPLICA}")
    assert (status, body["ags"]) == (200, ONLY_IN_REPLICA)  # served by the replica
    assert not reader.pinned()

    editor = Client(server, primary["TOKEN"])
    status, created = editor.call(
        "/api/v1/solutions/import?owner=07318000", body=publiccode_yaml(name="Hundesteuer-Portal").encode()
    )
    assert status in (200, 201), created
    assert created["status"] == "created"
    assert editor.pinned()
    slug = created["solution"]["slug"]

    # the editor's next reads: the primary, which has the new solution and not the replica's town
    assert editor.call(f"/api/v1/solutions/{slug}")[0] == 200
    assert editor.call(f"/api/v1/organizations/{ONLY_IN_REPLICA}")[0] == 404
    # a client without the cookie reads the lagging replica
    assert reader.call(f"/api/v1/solutions/{slug}")[0] == 404
    assert reader.call(f"/api/v1/organizations/{ONLY_IN_REPLICA}")[0] == 200

    time.sleep(PIN_SECONDS + 1.5)  # the pin has expired: the editor reads the replica again
    assert editor.call(f"/api/v1/organizations/{ONLY_IN_REPLICA}")[0] == 200
    assert editor.call(f"/api/v1/solutions/{slug}")[0] == 404


def test_a_page_of_a_stamped_cache_reads_its_stamp_and_data_on_the_primary(
    server: str, databases: tuple[dict[str, str], dict[str, str]]
) -> None:
    """The catalog list is built from the per-process snapshot, whose version (stamp) and rows come
    from the primary: the solution written there is found by a client without the pin cookie,
    although the replica does not have it."""
    primary, _ = databases
    editor = Client(server, primary["TOKEN"])
    status, created = editor.call(
        "/api/v1/solutions/import?owner=07318000", body=publiccode_yaml(name="Fundsachen-Portal").encode()
    )
    assert status in (200, 201), created
    reader = Client(server)
    assert reader.call(f"/api/v1/solutions/{created['solution']['slug']}")[0] == 404  # not on the replica
    status, body = reader.call("/api/v1/solutions?q=Fundsachen")
    assert status == 200
    assert [item["name"] for item in body["items"]] == ["Fundsachen-Portal"]
    assert not reader.pinned()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search backend needs PostgreSQL"
)
def test_the_postgres_search_reads_the_primary_and_its_temporary_tables_pin_no_one(
    databases: tuple[dict[str, str], dict[str, str]],
) -> None:
    primary, replica = databases
    env = primary | {
        "DATABASE_REPLICA_URLS": replica["DATABASE_URL"],
        "DATABASE_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        "CATALOG_SEARCH_BACKEND": "postgres",
    }
    process, url = start_server(env, "--workers", "1")
    try:
        editor = Client(url, primary["TOKEN"])
        status, created = editor.call(
            "/api/v1/solutions/import?owner=07318000",
            body=publiccode_yaml(name="Parkausweis-Portal").encode(),
        )
        assert status in (200, 201), created
        reader = Client(url)
        status, body = reader.call("/api/v1/solutions?q=Parkausweis")
        assert status == 200
        assert [item["name"] for item in body["items"]] == ["Parkausweis-Portal"]
        assert body["facets"]  # counted in a temporary table
        assert not reader.pinned()
        assert reader.call(f"/api/v1/organizations/{ONLY_IN_REPLICA}")[0] == 200
    finally:
        stop([process])
