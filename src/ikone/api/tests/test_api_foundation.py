import pytest
from django.test import Client

from ikone.core.testing.factories import (
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.core.testing.queries import assert_constant_queries, count_queries
from ikone.organizations.choices import MembershipRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_health_answers_without_touching_the_database(client):
    assert count_queries(lambda: client.get("/api/v1/health")) == 0
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_document_describes_every_foundation_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/health",
        "/api/v1/organizations",
        "/api/v1/organizations/{key}",
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
        "/api/v1/services",
        "/api/v1/services/{ozg_id}",
        "/api/v1/maturity-models",
    ]:
        assert path in document["paths"], path
    assert client.get("/api/v1/docs").status_code == 200


def test_organization_list_filters_by_land_kreis_level_and_search(client):
    MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern")
    MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    MunicipalityFactory(ags="09479112", land_key="09", name="Wunsiedel, St", short_name="Wunsiedel")

    def count(query):
        response = client.get(f"/api/v1/organizations?{query}")
        assert response.status_code == 200
        return response.json()["count"]

    assert count("land=07&level=gemeinde") == 2
    assert count("level=gemeinde") == 3
    assert count("kreis=07312") == 1
    assert count("q=spey") == 1
    assert count("q=0947") == 1
    assert count("land=07&limit=1") == 2
    assert len(client.get("/api/v1/organizations?limit=1").json()["items"]) == 1


def test_invalid_filter_gives_a_structured_422(client):
    response = client.get("/api/v1/organizations?land=7&level=dorf")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert {e["field"] for e in body["errors"]} == {"land", "level"}


def test_organization_detail_by_ags_or_slug_and_404(client):
    town = MunicipalityFactory(ags="07313000", short_name="Landau in der Pfalz")
    assert client.get("/api/v1/organizations/07313000").json()["name"] == "Landau in der Pfalz"
    assert client.get(f"/api/v1/organizations/{town.slug}").json()["key"] == "07313000"
    missing = client.get("/api/v1/organizations/99999999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Keine Organisation mit dem Schlüssel „99999999“.", "errors": []}


def test_network_detail_lists_members_with_key_name_and_role(client):
    network = NetworkFactory(slug="ikone-ds", short_name="IKONE-DS")
    MembershipFactory(network=network, organization=MunicipalityFactory(ags="07211000", short_name="Trier"))
    MembershipFactory(network=network, role=MembershipRole.COORDINATOR)

    body = client.get("/api/v1/networks/ikone-ds").json()

    assert {(m["key"], m["name"], m["role"]) for m in body["members"]} >= {("07211000", "Trier", "member")}
    assert client.get("/api/v1/networks").json()["items"][0]["member_count"] == 2
    assert client.get("/api/v1/networks/nope").status_code == 404


def test_service_list_filters_and_searches_name_ozg_id_and_leika_key(client):
    dog = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    ServiceFactory(ozg_id=10000, name="Elterngeld")
    LeikaServiceFactory(service=dog, key="99121001000000", name="Hundesteuer Anmeldung")

    def ids(query):
        return [s["ozg_id"] for s in client.get(f"/api/v1/services?{query}").json()["items"]]

    assert ids("q=hunde") == [10200]
    assert ids("q=10000") == [10000]
    assert ids("q=9912100") == [10200]
    assert ids(f"themenfeld={dog.themenfeld.slug}") == [10200]
    assert ids(f"lage={dog.lage.source_id}") == [10200]
    detail = client.get("/api/v1/services/10200").json()
    assert detail["leika"][0]["key"] == "99121001000000"
    assert client.get("/api/v1/services/abc").status_code == 422


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("/api/v1/organizations", lambda: MembershipFactory()),
        ("/api/v1/networks", lambda: MembershipFactory()),
        ("/api/v1/services", lambda: LeikaServiceFactory()),
    ],
)
def test_list_endpoints_need_a_constant_number_of_queries(client, path, factory):
    for _ in range(3):
        factory()
    assert_constant_queries(lambda: client.get(path), lambda: [factory() for _ in range(10)])


def test_a_nul_character_in_a_json_body_is_a_structured_400_on_every_database(client):
    from ikone.accounts.models import User

    client.force_login(User.objects.create_user(email="nul@example.org", is_staff=True))
    response = client.post(
        "/api/v1/adoptions",
        data='{"solution": "a\\u0000b", "organization": "07318000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Der Anfragekörper ist kein gültiges JSON."
