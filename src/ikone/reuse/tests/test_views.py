from django.test import Client

from ikone.core.audit import Actor
from ikone.reuse import services
from ikone.reuse.models import Adoption

from .conftest import make_solution


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_member_records_an_adoption_in_the_form_and_the_owner_page_shows_it(scene):
    client = client_for(scene.adopter_editor)
    page = client.get(f"/loesungen/{scene.solution.slug}/nachnutzung/")
    assert page.status_code == 200
    response = client.post(
        f"/loesungen/{scene.solution.slug}/nachnutzung/",
        {"organization": scene.adopter.ags, "state": "production", "production_since": "2025-01-15"},
    )
    adoption = Adoption.objects.get()
    assert response["Location"] == f"/nachnutzungen/{adoption.pk}/"
    solution_page = client_for().get(f"/loesungen/{scene.solution.slug}/").content.decode()
    assert "Kaiserslautern" in solution_page
    assert "15.01.2025" in solution_page
    owner_page = client_for().get(f"/kommunen/{scene.owner.ags}/").content.decode()
    assert "Gibt: 1 Nachnutzung eigener Lösungen" in owner_page
    adopter_page = client_for().get(f"/kommunen/{scene.adopter.ags}/").content.decode()
    assert "Nimmt: nutzt 1 Lösung nach" in adopter_page


def test_form_errors_are_shown_in_german(scene):
    response = client_for(scene.adopter_editor).post(
        f"/loesungen/{scene.solution.slug}/nachnutzung/",
        {
            "organization": scene.adopter.ags,
            "state": "production",
            "started_on": "2026-01-10",
            "production_since": "2025-01-15",
        },
    )
    assert response.status_code == 200
    assert "vor dem Beginn" in response.content.decode()


def test_transition_confirm_and_report_pages(scene):
    adoption = services.adoption_create(
        actor=Actor.of(scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state="evaluating",
    )
    client = client_for(scene.adopter_editor)
    detail = client.get(f"/nachnutzungen/{adoption.pk}/").content.decode()
    assert "Stand ändern" in detail
    client.post(f"/nachnutzungen/{adoption.pk}/stand/", {"stand-state": "ended"})
    adoption.refresh_from_db()
    assert adoption.state == "evaluating"  # ending needs a reason
    client.post(f"/nachnutzungen/{adoption.pk}/stand/", {"stand-state": "pilot"})
    adoption.refresh_from_db()
    assert adoption.state == "pilot"
    response = client.post(
        f"/nachnutzungen/{adoption.pk}/bericht/",
        {
            "would_recommend": "yes",
            "rating_usability": "5",
            "rating_effort": "4",
            "rating_documentation": "3",
            "rating_support": "4",
            "visibility": "public",
            "pitfalls": "Schnittstelle früh testen",
        },
    )
    assert response.status_code == 302
    page = client_for().get(f"/loesungen/{scene.solution.slug}/").content.decode()
    assert "Schnittstelle früh testen" in page
    assert "Bewertung 4,0 von 5 aus 1 Erfahrungsbericht" in page


def test_questions_answers_and_moderation_on_the_solution_page(scene):
    client_for(scene.other_editor).post(
        f"/loesungen/{scene.solution.slug}/fragen/", {"title": "Gibt es eine API?"}
    )
    question = scene.solution.questions.get()
    client_for(scene.owner_editor).post(f"/fragen/{question.pk}/antworten/", {"body": "Ja, REST."})
    page = client_for().get(f"/loesungen/{scene.solution.slug}/").content.decode()
    assert "Antwort der Eigentümerin" in page
    client_for(scene.coordinator).post(
        f"/fragen/{question.pk}/moderieren/", {"hidden": "1", "reason": "doppelt"}
    )
    page = client_for().get(f"/loesungen/{scene.solution.slug}/").content.decode()
    assert "Gibt es eine API?" not in page
    assert "Ausgeblendet: doppelt" in page


def test_near_duplicate_hint_and_link_action(scene):
    twin = make_solution(
        scene.other, scene.services[:2], name="Hundesteuer Portal", url="https://git.example.org/trier/hund"
    )
    page = client_for(scene.owner_editor).get(f"/loesungen/{scene.solution.slug}/").content.decode()
    assert "möglicherweise dieselbe Lösung wie" in page
    assert "Verknüpfen" in page
    client_for(scene.owner_editor).post(
        f"/loesungen/{scene.solution.slug}/verknuepfen/", {"target": twin.slug, "kind": "same_as"}
    )
    page = client_for().get(f"/loesungen/{twin.slug}/").content.decode()
    assert "möglicherweise dieselbe Lösung wie" not in page
    assert "dieselbe Lösung" in page


def test_recommendations_page(scene):
    services.adoption_create(
        actor=Actor.of(scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state="production",
    )
    page = client_for().get(f"/kommunen/{scene.other.ags}/empfehlungen/").content.decode()
    assert "Empfehlungen für Trier" in page
    assert "In Produktion bei 1 " in page


def test_the_organisation_page_loads_its_top_recommendations_afterwards(scene):
    page = client_for().get(f"/kommunen/{scene.other.ags}/").content.decode()
    assert f'hx-get="/kommunen/{scene.other.ags}/empfehlungen/kurz/"' in page
    assert "Die Empfehlungen werden berechnet" in page
    fragment = client_for().get(f"/kommunen/{scene.other.ags}/empfehlungen/kurz/").content.decode()
    assert scene.solution.name in fragment
    assert "Noch nirgends in Produktion" in fragment

    services.adoption_create(
        actor=Actor.of(scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state="production",
    )
    fragment = client_for().get(f"/kommunen/{scene.other.ags}/empfehlungen/kurz/").content.decode()
    assert "In Produktion bei 1 " in fragment  # the write made the kept result stale
