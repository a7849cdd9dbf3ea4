"""Malformed and hostile sources, served for real on 127.0.0.1: each bad item is reported, the
run goes on, and the solution harvested earlier from that item stays as it was."""

from __future__ import annotations

from typing import Any

import pytest

from ikone.catalog.models import Solution
from ikone.core.addresses import INTERNAL, address_problem
from ikone.core.audit import Actor
from ikone.harvesting.client import FetchError, SafeClient
from ikone.harvesting.models import HarvestItem
from ikone.harvesting.services import harvest_run, run_counts, source_create
from ikone.harvesting.tests.fakes import VALID_FILES, Route, github_org, serve, with_url

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("harvest test")
CONTENT = "/repos/acme/{}/contents/publiccode.yml?ref=main"


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HARVEST_TIMEOUT_SECONDS = 4.0  # the well-behaved routes answer at once, even on a busy machine
    settings.HARVEST_MAX_BYTES = 64 * 1024


HOSTILE: dict[str, tuple[Route, str]] = {
    "huge": (Route(body=b"a: b\n" * 40_000, content_type="text/plain"), "größer als 65536 Bytes"),
    "endless": (
        Route(status=302, headers={"Location": CONTENT.format("endless")}),
        "Mehr als 5 Weiterleitungen",
    ),
    "invalid": (
        Route(body=b"name: [unclosed\n  - : :", content_type="text/plain"),
        "publiccode.yml ungültig",
    ),
    "html": (
        Route(body=b"<html>Login</html>", content_type="text/html"),
        "Unerwarteter Inhaltstyp „text/html“",
    ),
    "slow": (
        Route(body=b"# x\n" * 5_000, content_type="text/plain", delay_per_chunk=0.4),
        "nicht innerhalb von 4 Sekunden",
    ),
    "private": (
        Route(status=301, headers={"Location": "http://10.20.30.40/publiccode.yml"}),
        INTERNAL,
    ),
    "broken": (Route(status=503, body=b"down"), "Fehler 503"),
}


def test_each_hostile_item_is_reported_and_leaves_its_solution_unchanged() -> None:
    base = VALID_FILES[2].read_text()
    repos = {name: with_url(base, f"https://github.com/acme/{name}", name=f"Tool {name}") for name in HOSTILE}
    repos["fine"] = with_url(base, "https://github.com/acme/fine", name="Tool fine")
    with serve() as fake:
        github_org(fake, "acme", repos)
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "acme",
                "name": "ACME",
                "kind": "git_platform",
                "platform": "github",
                "organization": "acme",
                "base_url": fake.base,
            },
        )
        assert run_counts(harvest_run(actor=SYSTEM, source=source))["created"] == len(repos)
        before = {s.url: (s.document, s.updated_at) for s in Solution.objects.all()}

        github_org(fake, "acme", repos, pushed_at="2026-11-20T00:00:00Z")
        for name, (route, _message) in HOSTILE.items():
            fake.routes[CONTENT.format(name)] = route
        run = harvest_run(actor=SYSTEM, source=source, client=SafeClient(backoff=0.01))
        counts = run_counts(run)
        messages = dict(HarvestItem.objects.filter(run=run).values_list("key", "message"))
    assert run.status == "finished"
    assert counts["failed"] == len(HOSTILE)
    assert counts["unchanged"] == 1
    for name, (_route, expected) in HOSTILE.items():
        assert expected in messages[f"https://github.com/acme/{name}"], name
    assert {s.url: (s.document, s.updated_at) for s in Solution.objects.all()} == before
    # once in the first run, then the request and two retries
    assert sum(1 for path, _h in fake.requests if path == CONTENT.format("broken")) == 1 + 3


def test_a_source_at_an_internal_address_is_refused_and_nothing_changes(settings: Any) -> None:
    settings.OUTGOING_ALLOWED_HOSTS = []
    with serve() as fake:
        github_org(fake, "acme", {"lynis": VALID_FILES[2].read_text()})
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "acme",
                "name": "ACME",
                "kind": "git_platform",
                "platform": "github",
                "organization": "acme",
                "base_url": fake.base,
            },
        )
        run = harvest_run(actor=SYSTEM, source=source)
    assert run.status == "failed"
    assert INTERNAL in run.message
    assert fake.requests == []
    assert not Solution.objects.exists()


def test_a_redirect_to_an_internal_address_is_refused_at_the_hop() -> None:
    with serve(host="localhost") as fake:
        fake.routes["/start"] = Route(
            status=302, headers={"Location": fake.base.replace("localhost", "127.0.0.1") + "/x"}
        )
        fake.routes["/x"] = Route(body=b"{}")
        with SafeClient(allow=["localhost"]) as client, pytest.raises(FetchError) as refused:
            client.get(fake.base + "/start")
        assert refused.value.message == INTERNAL
        assert [path for path, _h in fake.requests] == ["/start"]


@pytest.mark.parametrize(
    ("url", "allow", "expected"),
    [
        ("https://93.184.216.34/", [], None),
        ("http://127.0.0.1:8000/", [], INTERNAL),
        ("http://127.0.0.1:8000/", ["127.0.0.1"], None),
        ("http://10.1.2.3/", ["10.0.0.0/8"], None),
        ("http://169.254.169.254/latest/meta-data/", ["10.0.0.0/8"], INTERNAL),
        ("http://[::1]/", [], INTERNAL),
        ("http://localhost/", [], INTERNAL),
        ("http://localhost/", ["localhost"], None),
        ("file:///etc/passwd", ["localhost"], "Nur http- und https-Adressen sind erlaubt."),
    ],
)
def test_the_address_rule(url: str, allow: list[str], expected: str | None) -> None:
    assert address_problem(url, allow=allow) == expected
