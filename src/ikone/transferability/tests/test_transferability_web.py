"""Solution page section, PDF report, API, the owner's form, catalog sort and facet, commands."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import LandFactory, MunicipalityFactory
from ikone.transferability import services
from ikone.transferability.models import TransferabilityScore

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


@pytest.fixture
def owner():
    LandFactory()
    return MunicipalityFactory(ags="07318000", short_name="Speyer", population=50_000)


@pytest.fixture
def solution(owner):
    return solution_import(actor=ACTOR, content=publiccode_yaml(), owner=owner).solution


@pytest.fixture
def editor(owner):
    user = User.objects.create_user(email="editor@example.org")
    OrganizationMember.objects.create(user=user, organization=owner, role="editor")
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_solution_page_shows_score_criteria_todo_and_a_target_specific_score(solution):
    MunicipalityFactory(ags="09162000", land_key="09", short_name="München", population=1_500_000)
    page = Client().get(f"/loesungen/{solution.slug}/").content.decode()
    assert 'id="uebertragbarkeit"' in page
    assert "Offene Lizenz (OSI, SPDX)" in page
    assert "Was fehlt (To-do)" in page
    assert "Landesrecht der Zielorganisation" not in page

    targeted = Client().get(f"/loesungen/{solution.slug}/?target=09162000").content.decode()
    assert "Für München" in targeted
    assert "Landesrecht der Zielorganisation" in targeted
    assert "/solutions/hundesteuer-portal/transferability.pdf?target=09162000" in targeted


def test_target_field_resolves_names_and_lists_candidates(solution):
    MunicipalityFactory(short_name="Neustadt an der Weinstraße")
    MunicipalityFactory(short_name="Neustadt (Wied)")
    by_name = Client().get(f"/loesungen/{solution.slug}/?target=speyer").content.decode()
    assert "Für Speyer" in by_name
    ambiguous = Client().get(f"/loesungen/{solution.slug}/?target=Neustadt").content.decode()
    assert "Mehrere Organisationen passen" in ambiguous
    assert "Neustadt (Wied)" in ambiguous
    unknown = Client().get(f"/loesungen/{solution.slug}/?target=Atlantis").content.decode()
    assert "Keine Organisation zu „Atlantis“ gefunden." in unknown


def test_pdf_report_renders_with_name_score_and_criteria(solution):
    response = Client().get(f"/solutions/{solution.slug}/transferability.pdf?target=07318000")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    score = Client().get(f"/api/v1/solutions/{solution.slug}/transferability?target=07318000").json()["score"]
    text = pdf_text(response.content)
    assert "Hundesteuer-Portal" in text
    assert f"Übertragbarkeit für Speyer: {score} von 100 Punkten" in text
    for label in ("Offene Lizenz", "Mandantenfähigkeit", "Größenklasse", "Quellen", "Was fehlt"):
        assert label in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA-1)
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            assert any(key.startswith("/FontFile") for key in descriptor.get_object()), font["/BaseFont"]


def test_pdf_of_an_unknown_target_or_invisible_solution_is_404(solution, owner):
    assert Client().get(f"/solutions/{solution.slug}/transferability.pdf?target=99999999").status_code == 404
    draft = solution_import(
        actor=ACTOR,
        content=publiccode_yaml(url="https://git.example.org/x/entwurf", name="Entwurf"),
        owner=owner,
        visibility="draft",
    ).solution
    assert Client().get(f"/solutions/{draft.slug}/transferability.pdf").status_code == 404
    assert Client().get(f"/api/v1/solutions/{draft.slug}/transferability").status_code == 404


def test_api_returns_every_criterion_with_evidence_and_the_todo_list(solution):
    general = Client().get(f"/api/v1/solutions/{solution.slug}/transferability").json()
    assert general["target"] is None
    assert general["score"] == general["general_score"]
    assert len(general["criteria"]) == 12
    licence = next(c for c in general["criteria"] if c["key"] == "licence")
    assert licence["met"]
    assert licence["evidence"] == ["EUPL-1.2: von der OSI anerkannt"]
    assert {s["key"] for s in licence["sources"]} >= {"spdx", "osi"}
    assert general["todo"] == [c["todo"] for c in general["criteria"] if not c["met"]]

    targeted = Client().get(f"/api/v1/solutions/{solution.slug}/transferability?target=speyer").json()
    assert targeted["target"]["key"] == "07318000"
    assert len(targeted["criteria"]) == 16
    assert (
        Client().get(f"/api/v1/solutions/{solution.slug}/transferability?target=nirgendwo").status_code == 404
    )
    api_pdf = Client().get(f"/api/v1/solutions/{solution.slug}/transferability.pdf")
    assert api_pdf["Content-Type"] == "application/pdf"


def test_owner_sets_facts_through_the_api_and_the_score_rises(solution, editor):
    before = Client().get(f"/api/v1/solutions/{solution.slug}/transferability").json()["score"]
    body = {
        "container": True,
        "saas": True,
        "multi_tenant": True,
        "data_protection_url": "https://example.org/dsfa",
        "accessibility_url": "https://example.org/bf",
        "size_classes": ["mittelstadt"],
        "it_providers": ["KommWis"],
    }
    response = editor.put(
        f"/api/v1/solutions/{solution.slug}/transferability/facts", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["it_providers"] == ["KommWis"]
    assert Client().get(f"/api/v1/solutions/{solution.slug}/transferability/facts").json()["saas"] is True
    after = Client().get(f"/api/v1/solutions/{solution.slug}/transferability").json()["score"]
    assert after > before
    assert TransferabilityScore.objects.get(solution=solution).score == after

    wrong = editor.put(
        f"/api/v1/solutions/{solution.slug}/transferability/facts",
        {"legal_scope": "federal", "law_land_keys": ["07"]},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "law_land_keys"


def test_owner_fills_the_form_and_sees_the_facts_on_the_solution_page(solution, editor):
    url = f"/loesungen/{solution.slug}/uebertragbarkeit/angaben/"
    form = editor.get(url)
    assert form.status_code == 200
    assert "Angaben zur Übertragbarkeit" in form.content.decode()
    response = editor.post(
        url,
        {
            "container": "ja",
            "on_premise": "ja",
            "multi_tenant": "nein",
            "personal_data": "",
            "data_protection_url": "",
            "accessibility_url": "example.org/barrierefreiheit",
            "legal_scope": "land",
            "law_land_keys": ["07", "09"],
            "size_classes": ["kleinstadt"],
            "it_providers": "KommWis\nDataport",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#uebertragbarkeit")
    facts = solution.transferability_facts
    assert (facts.container, facts.saas, facts.multi_tenant) == (True, None, False)
    assert facts.law_land_keys == ["07", "09"]
    assert facts.accessibility_url == "https://example.org/barrierefreiheit"
    page = editor.get(f"/loesungen/{solution.slug}/").content.decode()
    assert "angeboten: Container, On-Premise" in page
    assert "nicht mandantenfähig" in page


def test_form_is_for_editors_of_the_owner_only(solution):
    other = User.objects.create_user(email="other@example.org")
    client = Client()
    client.force_login(other)
    assert client.get(f"/loesungen/{solution.slug}/uebertragbarkeit/angaben/").status_code == 403


def test_catalog_sorts_and_facets_by_the_stored_score(owner):
    low = solution_import(
        actor=ACTOR, content=publiccode_yaml(name="Aaa niedrig", license="CC-BY-4.0"), owner=owner
    ).solution
    high = solution_import(
        actor=ACTOR,
        content=publiccode_yaml(name="Zzz hoch", url="https://git.example.org/x/hoch"),
        owner=owner,
    ).solution
    services.facts_update(
        actor=ACTOR,
        solution=high,
        values=services.FactValues(
            container=True, saas=True, multi_tenant=True, accessibility_url="https://example.org/bf"
        ),
    )
    unscored = solution_import(
        actor=ACTOR,
        content=publiccode_yaml(name="Mmm ohne Wert", url="https://git.example.org/x/ohne"),
        owner=owner,
    ).solution
    services.score_refresh(actor=ACTOR, solution_ids=[low.pk])
    scores = dict(TransferabilityScore.objects.values_list("solution_id", "score"))
    assert scores[high.pk] > scores[low.pk]
    assert unscored.pk not in scores

    api = Client().get("/api/v1/solutions?sort=transferability").json()
    assert [item["slug"] for item in api["items"]] == [high.slug, low.slug, unscored.slug]
    page = Client().get("/loesungen/?sort=transferability").content.decode()
    assert page.index("Zzz hoch") < page.index("Aaa niedrig") < page.index("Mmm ohne Wert")
    assert "Übertragbarkeit" in page

    facet = {f["value"]: f["count"] for f in api["facets"]["transferability"]}
    assert sum(facet.values()) == 2
    band = TransferabilityScore.objects.get(solution=high).band
    filtered = Client().get(f"/api/v1/solutions?transferability={band}").json()
    assert high.slug in [item["slug"] for item in filtered["items"]]
    assert low.slug not in [item["slug"] for item in filtered["items"]]
    ui = Client().get(f"/loesungen/?transferability={band}").content.decode()
    assert "Zzz hoch" in ui
    assert "Aaa niedrig" not in ui


def test_refresh_and_report_commands(solution, tmp_path):
    out = io.StringIO()
    call_command("transferability", "refresh", "--quiet", stdout=out)
    assert TransferabilityScore.objects.filter(solution=solution).exists()
    target = tmp_path / "bericht.pdf"
    call_command(
        "transferability",
        "report",
        "--solution",
        solution.slug,
        "--target",
        "07318000",
        "-o",
        str(target),
        stdout=out,
    )
    text = pdf_text(target.read_bytes())
    assert "Hundesteuer-Portal" in text
    assert "Übertragbarkeit für Speyer" in text
    assert "von 100 Punkten" in out.getvalue()
