import pytest
from django.test import Client

from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.core.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_start_page_says_what_ikone_is_and_lists_networks(client):
    NetworkFactory(name="Interkommunales Netzwerk Digitale Stadt", short_name="IKONE-DS", is_demo=True)
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert "Kommunen digitalisieren gemeinsam" in html
    assert "IKONE-DS" in html
    assert "Demodaten" in html
    assert 'href="#inhalt"' in html


def test_pages_use_only_local_assets(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/kern/kern.min.css" in html
    assert "https://" not in html.split("<body", 1)[0]


def test_network_page_shows_members_roles_and_funding(client):
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(
        network=network, organization=MunicipalityFactory(ags="07312000", short_name="Kaiserslautern")
    )
    html = client.get("/netzwerke/ikone-ds/").content.decode()
    assert "Kaiserslautern" in html
    assert "Mitglied" in html


def test_unknown_pages_answer_404_in_german(client):
    response = client.get("/kommunen/00000000/")
    assert response.status_code == 404
    assert "Nicht gefunden" in response.content.decode()
    assert client.get("/ozg/1/").status_code == 404


def test_organization_list_rejects_bad_filters_with_a_german_message(client):
    html = client.get("/kommunen/?kreis=abc").content.decode()
    assert "Der Kreisschlüssel besteht aus 5 Ziffern." in html
    assert 'aria-invalid="true"' in html


def test_catalog_search_finds_by_name_and_keeps_the_filter_in_the_url(client):
    ServiceFactory(name="Hundesteuer", ozg_id=10200)
    ServiceFactory(name="Elterngeld")
    html = client.get("/ozg/?q=Hunde").content.decode()
    assert "Hundesteuer" in html
    assert "Elterngeld" not in html
    assert 'value="Hunde"' in html


@pytest.mark.parametrize(
    ("path", "factory"),
    [("/kommunen/", MunicipalityFactory), ("/ozg/", ServiceFactory), ("/netzwerke/", MembershipFactory)],
)
def test_list_pages_need_a_constant_number_of_queries(client, path, factory):
    factory()
    assert_constant_queries(lambda: client.get(path), lambda: [factory() for _ in range(5)])


def test_start_page_shows_solutions_and_services_online_somewhere(client):
    from ikone.catalog.services import solution_import
    from ikone.catalog.tests.factories import publiccode_yaml
    from ikone.core.audit import Actor
    from ikone.coverage.services import StatusValues, service_status_set
    from ikone.ozg.models import MaturityLevel, MaturityModel

    model = MaturityModel.objects.create(version="1.1", name="1.1", compliant_from=3)
    for level in range(5):
        MaturityLevel.objects.create(model=model, level=level, label=str(level))
    online, offline = ServiceFactory(), ServiceFactory()
    actor = Actor.system("test")
    service_status_set(
        actor=actor, organization=MunicipalityFactory(), service=online, values=StatusValues(level=2)
    )
    service_status_set(
        actor=actor, organization=MunicipalityFactory(), service=offline, values=StatusValues(level=1)
    )
    solution_import(actor=actor, content=publiccode_yaml())

    html = client.get("/").content.decode()
    assert '<span class="figure__value">1</span> nachnutzbare Lösungen' in html
    assert (
        '<span class="figure__value">1 / 2</span> OZG-Leistungen in mindestens einer Kommune online' in html
    )
