"""Pages: board with filters and conflicts, roadmap (SVG + table, overdue as text), detail, forms."""

import datetime as dt

import pytest
from django.test import Client

from ikone.claims import services
from ikone.claims.models import Claim
from ikone.core.audit import Actor
from ikone.coverage.models import ServiceStatus

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _claim(actor, network, organization, service, **kwargs):
    return services.claim_create(
        actor=actor, network=network, organization=organization, service=service, **kwargs
    ).claim


def test_board_shows_columns_filters_and_conflicts(system, network, speyer, worms, catalog):
    _claim(system, network, worms, catalog[0])
    _claim(system, network, speyer, catalog[0])
    _claim(system, network, speyer, catalog[3])
    html = Client().get("/netzwerke/ikone-ds/uebernahmen/").content.decode()
    for label in ("vorgeschlagen", "angenommen", "in Arbeit", "geliefert", "zurückgezogen", "abgelehnt"):
        assert label in html
    assert "Offene Überschneidungen" in html
    assert "Worms übernimmt diese OZG-Leistung schon" in html
    assert "3 Übernahmen" in html
    themenfeld = catalog[3].themenfeld.slug
    filtered = Client().get(f"/netzwerke/ikone-ds/uebernahmen/?themenfeld={themenfeld}").content.decode()
    assert "1 Übernahme" in filtered
    assert "Offene Überschneidungen" not in filtered
    by_member = Client().get(f"/netzwerke/ikone-ds/uebernahmen/?organization={worms.ags}").content.decode()
    assert "1 Übernahme" in by_member


def test_network_page_links_to_the_board(network):
    assert 'href="/netzwerke/ikone-ds/uebernahmen/"' in Client().get("/netzwerke/ikone-ds/").content.decode()


def test_roadmap_has_svg_table_and_overdue_text(system, network, speyer, worms, catalog):
    past = dt.date.today() - dt.timedelta(days=30)
    future = dt.date.today() + dt.timedelta(days=90)
    late = _claim(system, network, speyer, catalog[0], target_date=past)
    _claim(system, network, worms, catalog[1], target_date=future)
    _claim(system, network, worms, catalog[2])
    html = Client().get("/netzwerke/ikone-ds/uebernahmen/zeitplan/").content.decode()
    assert '<svg class="claims-chart" role="img"' in html
    assert "bar--overdue" in html
    assert "1 Übernahme ist überfällig." in html
    assert html.count('<strong class="claims-flag">überfällig</strong>') == 1
    assert "Offene Übernahmen ohne Zieltermin" in html
    assert f"/netzwerke/ikone-ds/uebernahmen/{late.pk}/" in html


def test_roadmap_without_dated_claims(network):
    html = Client().get("/netzwerke/ikone-ds/uebernahmen/zeitplan/").content.decode()
    assert "Keine Übernahmen mit Zieltermin." in html
    assert "<svg" not in html.split("<main", 1)[1]


def test_detail_shows_actions_by_role(editor, coordinator, network, speyer, catalog):
    claim = _claim(Actor.of(editor), network, speyer, catalog[0], contact="Frau Beispiel")
    url = f"/netzwerke/ikone-ds/uebernahmen/{claim.pk}/"
    anonymous = Client().get(url).content.decode()
    assert "Frau Beispiel" not in anonymous
    assert "Weiterführen" not in anonymous
    member = _client(editor).get(url).content.decode()
    assert "Frau Beispiel" in member
    assert f"{url}withdraw/" in member
    assert f"{url}accept/" not in member
    coordination = _client(coordinator).get(url).content.decode()
    assert f"{url}accept/" in coordination
    assert f"{url}withdraw/" not in coordination
    assert Client().get("/netzwerke/ikone-ds/uebernahmen/99999/").status_code == 404


def test_create_warns_about_duplicates_before_saving(editor, system, network, speyer, worms, catalog):
    _claim(system, network, worms, catalog[0])
    client = _client(editor)
    form = {
        "organization": speyer.ags,
        "ozg_id": catalog[0].ozg_id,
        "target_level": 3,
        "maturity_model": "1.1",
    }
    first = client.post("/netzwerke/ikone-ds/uebernahmen/neu/", form)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Achtung: möglicherweise doppelte Arbeit" in html
    assert "Trotzdem übernehmen" in html
    assert Claim.objects.filter(organization=speyer).count() == 0
    confirm = html.split('name="confirm" value="', 1)[1].split('"', 1)[0]
    second = client.post("/netzwerke/ikone-ds/uebernahmen/neu/", {**form, "confirm": confirm})
    claim = Claim.objects.get(organization=speyer)
    assert second["Location"] == f"/netzwerke/ikone-ds/uebernahmen/{claim.pk}/"


def test_create_shows_field_errors(editor, network, speyer, catalog):
    client = _client(editor)
    response = client.post(
        "/netzwerke/ikone-ds/uebernahmen/neu/",
        {
            "organization": speyer.ags,
            "ozg_id": 1,
            "target_level": 3,
            "maturity_model": "1.1",
            "solution": "gibt-es-nicht",
        },
    )
    html = response.content.decode()
    assert "Keine OZG-Leistung mit dieser OZG-ID." in html
    assert "Keine Lösung mit diesem Kurznamen im Katalog." in html
    level = client.post(
        "/netzwerke/ikone-ds/uebernahmen/neu/",
        {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id, "target_level": 6, "maturity_model": "1.1"},
    ).content.decode()
    assert "Stufen im Modell 1.1: 0–4" in level
    assert not Claim.objects.exists()


def test_create_page_needs_an_editor_of_a_member(worms_editor, coordinator, network):
    assert _client(coordinator).get("/netzwerke/ikone-ds/uebernahmen/neu/").status_code == 403
    assert _client(worms_editor).get("/netzwerke/ikone-ds/uebernahmen/neu/").status_code == 200
    assert Client().get("/netzwerke/ikone-ds/uebernahmen/neu/").status_code == 302


def test_transitions_through_the_forms(
    editor, coordinator, system, network, speyer, worms, catalog, solution
):
    _claim(system, network, worms, catalog[0])
    claim = _claim(Actor.of(editor), network, speyer, catalog[0])
    base = f"/netzwerke/ikone-ds/uebernahmen/{claim.pk}/"
    coordination, member = _client(coordinator), _client(editor)
    blocked = coordination.post(f"{base}accept/", {"reason": ""}, follow=True).content.decode()
    assert "erst klären oder ausdrücklich akzeptieren" in blocked
    coordination.post(f"{base}accept-conflicts/", {"reason": "Worms baut nur intern"})
    coordination.post(f"{base}accept/", {"reason": ""})
    member.post(f"{base}start/", {"reason": ""})
    member.post(f"{base}deliver/", {"solution": solution.slug, "reason": "live"})
    claim.refresh_from_db()
    assert claim.state == "delivered"
    assert ServiceStatus.objects.get(organization=speyer, service=catalog[0]).solution == solution
    page = member.get(base).content.decode()
    assert "Worms baut nur intern" in page
    assert "In Arbeit → Geliefert" in page or "in Arbeit → geliefert" in page
    assert member.post(f"{base}fly/", {}).status_code == 404
    assert member.get(f"{base}start/").status_code == 405


def test_board_roadmap_and_list_cost_constant_queries(system, network, speyer, worms, catalog, solution):
    from ikone.core.testing.factories import ServiceFactory
    from ikone.core.testing.queries import assert_constant_queries

    _claim(system, network, speyer, catalog[0], target_date=dt.date(2027, 1, 1), partners=[worms])
    _claim(system, network, worms, catalog[0], solution=solution)

    def grow():
        for index in range(5):
            organization = speyer if index % 2 else worms
            _claim(system, network, organization, ServiceFactory(), target_date=dt.date(2027, 2, index + 1))

    client = Client()
    for url in (
        "/netzwerke/ikone-ds/uebernahmen/",
        "/netzwerke/ikone-ds/uebernahmen/zeitplan/",
        "/api/v1/networks/ikone-ds/claims",
    ):
        assert_constant_queries(lambda url=url: client.get(url), grow)
