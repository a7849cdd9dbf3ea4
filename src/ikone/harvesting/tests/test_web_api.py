"""Pages and API of harvesting: who may see and change sources, runs with their items, the
origin and the withdrawal badge on a solution page, the last run on the operator page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ikone.accounts.models import NetworkCoordinator, User
from ikone.catalog.publiccode import parse
from ikone.core.audit import Actor
from ikone.core.testing.factories import NetworkFactory
from ikone.harvesting.models import HarvestSource
from ikone.harvesting.services import harvest_run, source_create
from ikone.harvesting.tests.fakes import INVALID_FILE, VALID_FILES, PeerFeed, feed_item, github_org, serve

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("harvest test")


@pytest.fixture(autouse=True)
def _loopback_allowed(settings: Any) -> None:
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_user("admin@example.org", password="x", is_staff=True))
    return client


def _harvested(with_invalid: bool = True) -> HarvestSource:
    repos = {p.stem: p.read_text() for p in VALID_FILES[:2]}
    if with_invalid:
        repos["aitema"] = INVALID_FILE.read_text()
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
        harvest_run(actor=SYSTEM, source=source)
    return source


def test_the_status_page_lists_sources_and_runs_with_item_errors(admin_client: Client) -> None:
    source = _harvested()
    page = admin_client.get(reverse("harvesting:overview"))
    assert page.status_code == 200
    assert "ACME" in page.content.decode()
    run = source.runs.get()
    detail = admin_client.get(reverse("harvesting:run-detail", args=[run.pk])).content.decode()
    assert "https://github.com/acme/aitema" in detail
    assert "publiccode.yml ungültig" in detail
    assert "3 Einträge: 2 neu" in detail


def test_people_without_coordination_see_no_sources(client: Client) -> None:
    client.force_login(User.objects.create_user("someone@example.org", password="x"))
    assert client.get(reverse("harvesting:overview")).status_code == 403
    assert client.get("/api/v1/harvest/sources").status_code == 403
    client.logout()
    assert client.get("/api/v1/harvest/sources").status_code == 401


def test_a_coordinator_manages_sources_of_their_network_through_the_api(client: Client) -> None:
    network, other = NetworkFactory(), NetworkFactory()
    user = User.objects.create_user("coord@example.org", password="x")
    NetworkCoordinator.objects.create(user=user, network=network)
    client.force_login(user)
    body = {
        "slug": "peer-a",
        "name": "Instanz A",
        "kind": "peer",
        "base_url": "https://a.example/",
        "network": network.slug,
    }
    created = client.post("/api/v1/harvest/sources", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["network"] == network.slug
    refused = client.post(
        "/api/v1/harvest/sources",
        {**body, "slug": "peer-b", "network": other.slug},
        content_type="application/json",
    )
    assert refused.status_code == 403
    invalid = client.post(
        "/api/v1/harvest/sources",
        {**body, "slug": "git", "kind": "git_platform", "platform": "github"},
        content_type="application/json",
    )
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "organization"
    listed = client.get("/api/v1/harvest/sources").json()
    assert listed["count"] == 1
    assert listed["items"][0]["slug"] == "peer-a"
    changed = client.put(
        "/api/v1/harvest/sources/peer-a", {**body, "interval_minutes": 60}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["next_run_at"] is not None
    assert client.delete("/api/v1/harvest/sources/peer-a").status_code == 204


def test_runs_and_items_through_the_api(admin_client: Client, django_assert_max_num_queries: Any) -> None:
    _harvested()
    runs = admin_client.get("/api/v1/harvest/runs").json()
    assert runs["count"] == 1
    run = runs["items"][0]
    assert run["counts"]["created"] == 2
    assert run["counts"]["failed"] == 1
    with django_assert_max_num_queries(8):
        items = admin_client.get(f"/api/v1/harvest/runs/{run['id']}/items?problems=true").json()
    assert [i["outcome"] for i in items["items"]] == ["failed"]
    started = admin_client.post("/api/v1/harvest/sources/acme/runs")
    assert started.status_code == 202  # run at once in the tests' job settings
    assert admin_client.get("/api/v1/harvest/runs").json()["count"] == 2


def test_a_harvested_solution_shows_its_origin_usage_and_withdrawal(admin_client: Client) -> None:
    document = parse(VALID_FILES[1].read_text()).data
    feed = PeerFeed()
    usage = [{"network": "ikone-ds", "network_name": "IKONE-DS", "in_production": 3, "adoptions": 5}]
    feed.items = [feed_item("signalen", document, "2026-12-07T09:00:00+00:00", usage=usage)]
    with serve() as fake:
        feed.install(fake)
        source = source_create(
            actor=SYSTEM, values={"slug": "peer", "name": "Instanz A", "kind": "peer", "base_url": fake.base}
        )
        harvest_run(actor=SYSTEM, source=source)
        solution = source.records.get().solution
        page = admin_client.get(reverse("catalog:solution-detail", args=[solution.slug])).content.decode()
        assert (
            'übernommen aus <a class="kern-link" href="https://a.example/katalog/signalen/">Instanz A</a>'
            in page
        )
        assert "genutzt im Netzwerk IKONE-DS: 5" in page
        assert 'id="withdrawn"' not in page
        feed.items = [feed_item("signalen", None, "2026-12-07T10:00:00+00:00", deleted=True)]
        feed.install(fake)
        harvest_run(actor=SYSTEM, source=source)
    page = admin_client.get(reverse("catalog:solution-detail", args=[solution.slug])).content.decode()
    assert 'id="withdrawn"' in page
    operator = admin_client.get(reverse("operations:overview")).content.decode()
    assert "Letzter Lauf: Instanz A" in operator
