import json

from django.test import Client

from ikone.core.audit import Actor
from ikone.coverage.models import ServiceStatus
from ikone.reuse import services

from .conftest import make_solution


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_record_move_on_confirm_and_report_through_the_api(scene):
    client = client_for(scene.adopter_editor)
    ozg_ids = [s.ozg_id for s in scene.services[:1]]
    response = post(
        client,
        "/api/v1/adoptions",
        {
            "organization": scene.adopter.ags,
            "solution": scene.solution.slug,
            "state": "pilot",
            "services": ozg_ids,
            "operator_model": "it_provider",
            "it_provider": "KL digital GmbH",
        },
    )
    assert response.status_code == 201, response.content
    adoption = response.json()
    assert adoption["confirmed"] is True
    assert adoption["services"] == ozg_ids
    assert (
        post(
            client, "/api/v1/adoptions", {"organization": scene.adopter.ags, "solution": scene.solution.slug}
        ).status_code
        == 409
    )
    moved = post(client, f"/api/v1/adoptions/{adoption['id']}/transition", {"state": "production"})
    assert moved.json()["state"] == "production"
    assert (
        ServiceStatus.objects.get(organization=scene.adopter, service=scene.services[0]).source == "adoption"
    )
    wrong = post(client, f"/api/v1/adoptions/{adoption['id']}/transition", {"state": "interested"})
    assert wrong.status_code == 409
    assert wrong.json()["errors"][0]["field"] == "state"
    report = post(
        client,
        f"/api/v1/adoptions/{adoption['id']}/reports",
        {
            "would_recommend": True,
            "rating_usability": 5,
            "rating_effort": 4,
            "rating_documentation": 4,
            "rating_support": 5,
        },
    )
    assert report.status_code == 201
    listed = client_for().get(f"/api/v1/reports?solution={scene.solution.slug}").json()
    assert listed["count"] == 1
    assert listed["items"][0]["organization"]["key"] == scene.adopter.ags
    support = post(
        client_for(scene.owner_editor), f"/api/v1/adoptions/{adoption['id']}/support", {"supported": True}
    )
    assert support.json()["supported_by_owner"] is True
    filtered = client_for().get(f"/api/v1/adoptions?organization={scene.adopter.ags}&state=production").json()
    assert [a["id"] for a in filtered["items"]] == [adoption["id"]]


def test_invalid_ratings_are_422(scene):
    adoption = services.adoption_create(
        actor=Actor.of(scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state="pilot",
    )
    response = post(
        client_for(scene.adopter_editor),
        f"/api/v1/adoptions/{adoption.pk}/reports",
        {
            "would_recommend": True,
            "rating_usability": 7,
            "rating_effort": 4,
            "rating_documentation": 4,
            "rating_support": 5,
        },
    )
    assert response.status_code == 422


def test_questions_threads_and_hidden_text(scene):
    asker = client_for(scene.other_editor)
    question = post(
        asker, "/api/v1/questions", {"solution": scene.solution.slug, "title": "Gibt es eine API?"}
    ).json()
    answer = post(
        client_for(scene.owner_editor), f"/api/v1/questions/{question['id']}/answers", {"body": "Ja."}
    ).json()
    assert answer["by_owner"] is True
    reply = post(
        asker, f"/api/v1/questions/{question['id']}/answers", {"body": "Danke", "parent": answer["id"]}
    ).json()
    assert reply["parent"] == answer["id"]
    hidden = post(
        client_for(scene.coordinator),
        f"/api/v1/answers/{reply['id']}/moderation",
        {"hidden": True, "reason": "Werbung"},
    )
    assert hidden.json()["body"] == ""
    detail = client_for().get(f"/api/v1/questions/{question['id']}").json()
    assert [(a["body"], a["hidden_reason"]) for a in detail["answers"]] == [("Ja.", ""), ("", "Werbung")]


def test_recommendations_endpoint_explains_each_entry(scene):
    services.adoption_create(
        actor=Actor.of(scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state="production",
    )
    response = client_for().get(f"/api/v1/organizations/{scene.other.ags}/recommendations")
    assert response.status_code == 200
    [entry] = response.json()["items"]
    assert response.json()["count"] == 1
    assert entry["solution"]["slug"] == scene.solution.slug
    assert entry["explanation"].startswith("In Produktion bei 1 ")
    assert entry["production_adopters"] == 1
    assert (
        client_for().get(f"/api/v1/organizations/{scene.other.ags}/recommendations?limit=0").status_code
        == 422
    )


def test_near_duplicates_and_links_through_the_api(scene):
    twin = make_solution(
        scene.other, scene.services[:2], name="Hundesteuer Portal", url="https://git.example.org/trier/hund"
    )
    found = client_for().get(f"/api/v1/solutions/{scene.solution.slug}/near-duplicates").json()
    assert (found["count"], [d["solution"]["slug"] for d in found["items"]]) == (1, [twin.slug])
    link = post(
        client_for(scene.other_editor),
        f"/api/v1/solutions/{twin.slug}/links",
        {"target": scene.solution.slug, "kind": "variant"},
    )
    assert link.status_code == 201
    assert client_for().get(f"/api/v1/solutions/{scene.solution.slug}/near-duplicates").json() == {
        "count": 0,
        "items": [],
    }
