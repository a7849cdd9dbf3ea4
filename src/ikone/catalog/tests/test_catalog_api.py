import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.catalog import search
from ikone.catalog.models import Solution
from ikone.catalog.publiccode import parse
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory, ServiceFactory
from ikone.core.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client()
    client.force_login(User.objects.create_user(email="staff@example.org", is_staff=True))
    return client


def import_solution(**kwargs):
    return solution_import(actor=Actor.system("test"), content=publiccode_yaml(**kwargs)).solution


def test_list_searches_filters_and_returns_facets():
    import_solution()
    import_solution(
        name="Wohngeld-Assistent",
        url="https://git.example.org/trier/wohngeld",
        short="Wohngeld online beantragen.",
        license="AGPL-3.0-or-later",
    )
    client = Client()

    body = client.get("/api/v1/solutions").json()
    assert body["count"] == 2
    licences = {f["value"]: f["count"] for f in body["facets"]["license"]}
    assert licences == {"EUPL-1.2": 1, "AGPL-3.0-or-later": 1}

    filtered = client.get("/api/v1/solutions?license=EUPL-1.2").json()
    assert [s["name"] for s in filtered["items"]] == ["Hundesteuer-Portal"]
    # a facet counts against the other filters, so all licences stay visible with their counts
    assert {f["value"] for f in filtered["facets"]["license"]} == {"EUPL-1.2", "AGPL-3.0-or-later"}
    assert [s["name"] for s in client.get("/api/v1/solutions?q=Wohngeld").json()["items"]] == [
        "Wohngeld-Assistent"
    ]


def test_draft_solutions_are_hidden_from_anonymous_visitors(staff):
    solution = import_solution()
    Solution.objects.filter(pk=solution.pk).update(visibility="draft")
    assert Client().get("/api/v1/solutions").json()["count"] == 0
    assert Client().get(f"/api/v1/solutions/{solution.slug}").status_code == 404
    assert staff.get(f"/api/v1/solutions/{solution.slug}").status_code == 200


def test_detail_and_export_round_trip():
    solution = import_solution()
    client = Client()
    detail = client.get(f"/api/v1/solutions/{solution.slug}").json()
    assert detail["document"]["name"] == "Hundesteuer-Portal"

    response = client.get(f"/api/v1/solutions/{solution.slug}/publiccode.yml")
    assert response["Content-Type"].startswith("application/yaml")
    assert parse(response.content).errors == []


def test_writes_need_a_signed_in_staff_user():
    anonymous = Client()
    assert (
        anonymous.post(
            "/api/v1/solutions/import", publiccode_yaml(), content_type="application/yaml"
        ).status_code
        == 401
    )
    member = Client()
    member.force_login(User.objects.create_user(email="member@example.org"))
    response = member.post("/api/v1/solutions/import", publiccode_yaml(), content_type="application/yaml")
    assert response.status_code == 403
    assert response.json()["detail"] == "Keine Berechtigung für diese Änderung."
    assert not Solution.objects.exists()


def test_import_endpoint_creates_then_updates_and_reports_errors(staff):
    MunicipalityFactory(ags="07318000")
    network = NetworkFactory(slug="ikone-ds")
    created = staff.post(
        "/api/v1/solutions/import?owner=07318000&network=ikone-ds",
        publiccode_yaml(),
        content_type="application/yaml",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "created"
    assert Solution.objects.get().networks.get() == network
    again = staff.post("/api/v1/solutions/import", publiccode_yaml(), content_type="application/yaml")
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")

    broken = staff.post("/api/v1/solutions/import", "name: [", content_type="application/yaml")
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == ""


def test_create_update_delete_with_structured_errors(staff):
    service = ServiceFactory(ozg_id=10200)
    document = parse(publiccode_yaml()).data
    created = staff.post(
        "/api/v1/solutions", {"document": document, "services": [10200]}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["services"] == [{"ozg_id": 10200, "name": service.name}]

    duplicate = staff.post("/api/v1/solutions", {"document": document}, content_type="application/json")
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"][0]["field"] == "url"

    invalid = staff.put(
        f"/api/v1/solutions/{slug}",
        {"document": {**document, "softwareType": "spreadsheet"}},
        content_type="application/json",
    )
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "softwareType"

    updated = staff.put(
        f"/api/v1/solutions/{slug}",
        {"document": {**document, "name": "Hundesteuer online"}},
        content_type="application/json",
    )
    assert updated.json()["name"] == "Hundesteuer online"
    assert staff.delete(f"/api/v1/solutions/{updated.json()['slug']}").status_code == 204
    assert not Solution.objects.exists()


def test_validate_endpoint_answers_like_the_reference_parser():
    response = Client().post(
        "/api/v1/publiccode/validate", "publiccodeYmlVersion: '0'\n", content_type="application/yaml"
    )
    results = response.json()
    assert response.status_code == 200
    assert {"key", "description", "line", "column", "type"} == set(results[0])
    assert all(r["type"] == "error" for r in results)


def test_solution_list_needs_a_constant_number_of_queries():
    counter = iter(range(1000))

    def grow():
        for _ in range(5):
            n = next(counter)
            import_solution(name=f"Lösung {n}", url=f"https://git.example.org/x/{n}")

    grow()
    search.plan(search.parse_query("Hundesteuer"))  # PostgreSQL: the query's lexemes, asked once per process
    assert_constant_queries(lambda: Client().get("/api/v1/solutions?q=Hundesteuer"), grow)


def test_an_ozg_id_beyond_the_database_column_is_a_validation_error(staff):
    """Found by schemathesis: such an id reached the database driver and ended in a 500."""
    document = parse(publiccode_yaml()).data
    response = staff.post(
        "/api/v1/solutions",
        {"document": document, "services": [10200, 9223372036854775809]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert any("services" in error["field"] for error in response.json()["errors"])


def test_import_of_a_file_with_a_nul_character_is_refused_not_a_500(staff):
    # "\0" in a double-quoted YAML string is a NUL character, which PostgreSQL text cannot hold
    content = publiccode_yaml(name='"Hunde\\0steuer"')
    response = staff.post("/api/v1/solutions/import", content, content_type="application/yaml")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "the NUL character cannot be stored"}]
    assert Solution.objects.count() == 0
