"""The coverage API: reads, writes (staff only), structured errors, OpenAPI, query-count guards."""

import json

import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.api.api import api
from ikone.core.testing.factories import LandFactory, MembershipFactory, MunicipalityFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage import cache, services
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues
from ikone.organizations.choices import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    user = User.objects.create_user(email="redaktion@example.org", password="pw", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def _put(client, town, service, body):
    return client.put(
        f"/api/v1/organizations/{town.ags}/coverage/{service.ozg_id}",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_put_then_get_a_status(staff, town, catalog):
    response = _put(staff, town, catalog[0], {"level": 3, "model": "1.1", "url": "https://example.org/a"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["level"], body["model"], body["url"]) == (3, "1.1", "https://example.org/a")
    assert body["updated_by"] == "redaktion@example.org"

    detail = Client().get(f"/api/v1/organizations/{town.ags}/coverage/{catalog[0].ozg_id}").json()
    assert detail["service"]["ozg_id"] == catalog[0].ozg_id
    history = Client().get(f"/api/v1/organizations/{town.ags}/coverage/history").json()
    assert history["count"] == 1
    assert (history["items"][0]["old_level"], history["items"][0]["new_level"]) == (None, 3)


def test_level_outside_the_model_is_422_with_field_errors(staff, town, catalog):
    response = _put(staff, town, catalog[0], {"level": 5, "model": "1.1"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"
    assert _put(staff, town, catalog[0], {"level": 5, "model": "2.0"}).status_code == 200
    assert _put(staff, town, catalog[0], {"level": 1, "model": "9.9"}).status_code == 422
    assert _put(staff, town, catalog[0], {"level": 99}).status_code == 422


def test_unknown_organisation_service_or_status_is_404(staff, town, catalog):
    client = Client()
    assert client.get("/api/v1/organizations/99999999/coverage").status_code == 404
    assert client.get(f"/api/v1/organizations/{town.ags}/coverage/4711").status_code == 404
    missing = client.get(f"/api/v1/organizations/{town.ags}/coverage/{catalog[0].ozg_id}")
    assert missing.status_code == 404
    assert set(missing.json()) == {"detail", "errors"}
    assert _put(staff, town, type("S", (), {"ozg_id": 4711})(), {"level": 1}).status_code == 404
    assert client.get("/api/v1/networks/gibt-es-nicht/coverage").status_code == 404
    assert client.get("/api/v1/coverage/lands/99").status_code == 404


def test_writes_need_a_signed_in_editor_of_the_organisation(town, catalog):
    assert _put(Client(), town, catalog[0], {"level": 3}).status_code == 401
    user = User.objects.create_user(email="gast@example.org", password="pw")
    client = Client()
    client.force_login(user)
    assert _put(client, town, catalog[0], {"level": 3}).status_code == 403
    assert not ServiceStatus.objects.exists()


def test_import_endpoint_all_or_nothing_and_partial(staff, town, catalog):
    content = f"ozg_id,level,model\n{catalog[0].ozg_id},3,1.1\n{catalog[1].ozg_id},7,1.1\n".encode()
    url = f"/api/v1/organizations/{town.ags}/coverage/import"

    rejected = staff.post(url, {"file": _upload(content)})
    assert rejected.status_code == 422
    assert rejected.json()["errors"] == [
        {"field": "rows.3.level", "message": "Zeile 3: level: „7“ ist keine Stufe des Modells 1.1 (0–4)"}
    ]
    assert not ServiceStatus.objects.exists()

    partial = staff.post(url + "?mode=partial", {"file": _upload(content)})
    assert partial.status_code == 200
    assert (partial.json()["applied"], partial.json()["rejected_rows"]) == (1, 1)


def _upload(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("stand.csv", content, content_type="text/csv")


def test_bulk_sets_a_themenfeld(staff, town, catalog):
    response = staff.post(
        f"/api/v1/organizations/{town.ags}/coverage/bulk",
        data=json.dumps({"themenfeld": catalog[0].themenfeld.slug, "level": 2}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["changed"] == 3


def test_gaps_name_network_members_and_their_solutions(actor, town, network, catalog):
    from ikone.catalog.models import Solution

    peer = MunicipalityFactory(ags="07318000", short_name="Speyer")
    MembershipFactory(network=network, organization=peer)
    solution = Solution.objects.create(
        slug="hundesteuer", url="https://git.example.org/h", name="Hundesteuer"
    )
    services.service_status_set(
        actor=actor, organization=peer, service=catalog[0], values=StatusValues(level=4, solution=solution)
    )
    services.service_status_set(
        actor=actor, organization=town, service=catalog[1], values=StatusValues(level=3)
    )

    body = Client().get(f"/api/v1/organizations/{town.ags}/gaps").json()
    assert body["count"] == len(catalog) - 1
    first = body["items"][0]
    assert first["service"]["ozg_id"] == catalog[0].ozg_id
    assert first["network_members"][0]["organization"]["name"] == "Speyer"
    assert first["network_members"][0]["solution"]["slug"] == "hundesteuer"
    assert first["solutions"] == [{"slug": "hundesteuer", "name": "Hundesteuer", "users": 1}]
    assert first["municipalities_offering"] == 1
    assert Client().get(f"/api/v1/organizations/{town.ags}/gaps?target=5&model=2.0").json()["count"] == len(
        catalog
    )
    second = Client().get(f"/api/v1/organizations/{town.ags}/gaps?limit=1&offset=1").json()
    assert (second["count"], second["items"]) == (body["count"], body["items"][1:2])
    assert second["organization"] == town.ags
    too_many = Client().get(f"/api/v1/organizations/{town.ags}/gaps?limit=601")
    assert (too_many.status_code, too_many.json()["errors"][0]["field"]) == (422, "limit")


def test_network_matrix_and_area_aggregates(actor, town, network, catalog):
    for service in catalog[:3]:  # the whole first Themenfeld
        services.service_status_set(
            actor=actor, organization=town, service=service, values=StatusValues(level=3)
        )
    body = Client().get(f"/api/v1/networks/{network.slug}/coverage").json()
    row = body["members"][0]
    assert (row["rank"], row["compliant"], row["online"]) == (1, 3, 3)
    cells = {c["themenfeld"]: c for c in row["themenfelder"]}
    assert cells[catalog[0].themenfeld.slug]["compliant_share"] == 1.0

    national = Client().get("/api/v1/coverage/national?min_level=3").json()
    assert national["municipalities"] == 1
    assert national["services_everywhere"] == 3
    assert national["services_somewhere"] == 3
    from ikone.core.testing.factories import LandFactory

    LandFactory()
    land = Client().get("/api/v1/coverage/lands/07").json()
    assert land["name"] == "Rheinland-Pfalz"
    assert land["kreise"][0]["key"] == "07312"


def test_every_coverage_endpoint_is_in_the_openapi_document():
    paths = api.get_openapi_schema()["paths"]
    for path in [
        "/api/v1/organizations/{key}/coverage",
        "/api/v1/organizations/{key}/coverage/{ozg_id}",
        "/api/v1/organizations/{key}/coverage/history",
        "/api/v1/organizations/{key}/coverage/import",
        "/api/v1/organizations/{key}/gaps",
        "/api/v1/networks/{slug}/coverage",
        "/api/v1/coverage/lands/{land}",
        "/api/v1/coverage/national",
        "/api/v1/coverage/template.csv",
    ]:
        assert path in paths, path
    assert "put" in paths["/api/v1/organizations/{key}/coverage/{ozg_id}"]


def test_list_endpoints_have_constant_query_counts(actor, town, network, catalog):
    LandFactory(land_key="07")
    LandFactory(level=Level.KREIS, kreis_key=town.kreis_key, name="Kaiserslautern", slug="kreis-07312")
    client = Client()
    grown = iter(range(2 * len(catalog)))

    def grow():
        index = next(grown)
        services.service_status_set(
            actor=actor,
            organization=town,
            service=catalog[index % len(catalog)],
            values=StatusValues(level=3 + index // len(catalog)),
        )
        peer = MunicipalityFactory()
        MembershipFactory(network=network, organization=peer)
        services.service_status_set(
            actor=actor,
            organization=peer,
            service=catalog[-1 - index % len(catalog)],
            values=StatusValues(level=4),
        )
        services.themenfeld_status_set(
            actor=actor, organization=peer, themenfeld=catalog[0].themenfeld, values=StatusValues(level=2)
        )
        neighbour = MunicipalityFactory(ags=f"{town.kreis_key}{900 + index:03d}")
        services.service_status_set(
            actor=actor,
            organization=neighbour,
            service=catalog[index % len(catalog)],
            values=StatusValues(level=4),
        )

    for url in [
        f"/api/v1/organizations/{town.ags}/coverage",
        f"/api/v1/organizations/{town.ags}/coverage/history",
        f"/api/v1/organizations/{town.ags}/gaps",
        f"/api/v1/networks/{network.slug}/coverage",
        "/api/v1/coverage/national",
        "/api/v1/coverage/lands/07",
        f"/api/v1/coverage/kreise/{town.kreis_key}",
    ]:
        cache.responses.clear()
        try:
            assert_constant_queries(lambda url=url: client.get(url), grow)
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from error
