import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.catalog.models import Solution
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import NetworkFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client()
    client.force_login(User.objects.create_user(email="staff@example.org", is_staff=True))
    return client


FORM = {
    "name": "Parkausweis online",
    "url": "https://git.example.org/landau/parkausweis",
    "landing_url": "",
    "short_description": "Bewohnerparkausweis online beantragen und verlängern.",
    "long_description": "Mit dem Dienst beantragen Anwohnerinnen und Anwohner ihren Bewohnerparkausweis online, "
    "zahlen die Gebühr und erhalten den Ausweis per Post oder digital. " * 2,
    "features": "Antrag\nVerlängerung",
    "license": "EUPL-1.2",
    "development_status": "beta",
    "software_type": "standalone/web",
    "platforms": "web",
    "maintenance_type": "internal",
    "contact_name": "Digitalbüro",
    "contact_email": "digital@example.org",
    "available_languages": "de",
    "owner": "",
    "networks": "",
    "services": "",
    "visibility": "public",
}


def test_write_pages_send_anonymous_visitors_to_the_login():
    response = Client().get("/loesungen/neu/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/")


def test_create_form_saves_a_valid_solution_with_links(staff):
    NetworkFactory(slug="ikone-ds")
    ServiceFactory(ozg_id=10300)
    response = staff.post("/loesungen/neu/", {**FORM, "networks": "ikone-ds", "services": "10300"})
    assert response.status_code == 302
    solution = Solution.objects.get()
    assert solution.document["description"]["de"]["features"] == ["Antrag", "Verlängerung"]
    assert list(solution.services.values_list("ozg_id", flat=True)) == [10300]
    assert solution.networks.get().slug == "ikone-ds"


def test_create_form_maps_validator_errors_to_fields_in_german(staff):
    html = staff.post(
        "/loesungen/neu/", {**FORM, "license": "Freeware", "long_description": "zu kurz"}
    ).content.decode()
    assert "Bitte korrigieren Sie die folgenden Angaben" in html
    assert "license muss eine gültige Lizenz sein" in html
    assert 'id="id_license-error"' in html
    assert 'id="id_long_description-error"' in html
    assert not Solution.objects.exists()


def test_unknown_links_are_reported_on_their_fields(staff):
    html = staff.post(
        "/loesungen/neu/", {**FORM, "owner": "99999999", "services": "abc, 4711"}
    ).content.decode()
    assert "Keine Organisation mit dem Schlüssel „99999999“." in html
    assert "Unbekannte OZG-IDs: abc, 4711" in html
    assert not Solution.objects.exists()


def test_edit_form_keeps_keys_the_form_does_not_show(staff):
    solution = solution_import(
        actor=Actor.system("test"), content=publiccode_yaml(extra='roadmap: "https://example.org/roadmap"\n')
    ).solution
    from ikone.catalog.forms import SolutionForm

    data = {k: v for k, v in SolutionForm.initial_from(solution).items() if v is not None}
    response = staff.post(f"/loesungen/{solution.slug}/bearbeiten/", {**data, "name": "Hundesteuer digital"})
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.name == "Hundesteuer digital"
    assert solution.document["roadmap"] == "https://example.org/roadmap"


def test_delete_asks_for_confirmation_then_deletes(staff):
    solution = solution_import(actor=Actor.system("test"), content=publiccode_yaml()).solution
    assert "Endgültig löschen" in staff.get(f"/loesungen/{solution.slug}/loeschen/").content.decode()
    assert Solution.objects.exists()
    staff.post(f"/loesungen/{solution.slug}/loeschen/")
    assert not Solution.objects.exists()
    assert ChangeRecord.objects.filter(action="delete").exists()


def test_similar_solutions_are_suggested_while_typing():
    solution_import(actor=Actor.system("test"), content=publiccode_yaml())
    html = Client().get("/loesungen/aehnliche/", {"name": "Hundesteuer Portal"}).content.decode()
    assert "Hat das schon jemand gebaut?" in html
    assert "Hundesteuer-Portal" in html
    assert (
        "Keine ähnliche"
        in Client().get("/loesungen/aehnliche/", {"name": "Friedhofsverwaltung"}).content.decode()
    )


def test_upload_of_a_file_with_a_nul_character_names_the_field_in_german(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = publiccode_yaml(name='"Hunde\\0steuer"').encode()
    response = staff.post("/loesungen/hochladen/", {"file": SimpleUploadedFile("publiccode.yml", content)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei enthält 1 Fehler." in html
    assert "das Steuerzeichen NUL kann nicht gespeichert werden" in html
    assert not Solution.objects.exists()
