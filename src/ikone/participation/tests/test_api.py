import pytest

from ikone.accounts.services import token_create
from ikone.core.audit import Actor
from ikone.participation import services
from ikone.participation.tests.factories import citizen


def _propose(user, town, service=None, title="Anwohnerparkausweis online"):
    return services.proposal_create(
        actor=Actor.of(user), organization=town, title=title, text="Bitte online.", service=service
    )


def _bearer(user, scope="write"):
    _token, raw = token_create(actor=Actor.system("test"), user=user, name="t", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_demand_counts_people_per_ozg_service(client, speyer, anna, ben, parking, dog_tax):
    proposal = _propose(anna, speyer, parking)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    _propose(ben, speyer, dog_tax, title="Hundesteuer auch abmelden")
    _propose(ben, speyer, None, title="Mehr Bänke")
    body = client.get(f"/api/v1/organizations/{speyer.ags}/demand").json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "service": {"ozg_id": 10173, "name": "Parkausweise und Zufahrtsberechtigungen"},
        "proposals": 1,
        "supports": 1,
        "people": 2,
        "offered_online": False,
    }
    assert body["items"][1]["offered_online"] is True


def test_demand_of_an_unknown_town_is_a_structured_404(client, db):
    response = client.get("/api/v1/organizations/99999999/demand")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


def test_proposal_create_needs_a_confirmed_account_and_a_write_token(client, speyer, anna):
    url = f"/api/v1/organizations/{speyer.ags}/proposals"
    body = {"title": "Parkausweis", "text": "Bitte online.", "ozg_id": None}
    assert client.post(url, body, content_type="application/json").status_code == 401
    response = client.post(url, body, content_type="application/json", **_bearer(anna, "read"))
    assert response.status_code == 403
    unconfirmed = citizen("Carla", confirmed=False)
    response = client.post(url, body, content_type="application/json", **_bearer(unconfirmed))
    assert response.status_code == 403
    response = client.post(url, body, content_type="application/json", **_bearer(anna))
    assert response.status_code == 201
    assert response.json()["author"] == "Anna aus Speyer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "text": "x"}, "title"),
        ({"title": "x" * 121, "text": "x"}, "title"),
        ({"title": "x"}, "text"),
    ],
)
def test_proposal_create_refuses_bad_input_at_the_field(client, speyer, anna, body, field):
    response = client.post(
        f"/api/v1/organizations/{speyer.ags}/proposals",
        body,
        content_type="application/json",
        **_bearer(anna),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_support_twice_is_a_conflict_and_counts_once(client, speyer, anna, ben):
    proposal = _propose(anna, speyer)
    url = f"/api/v1/proposals/{proposal.pk}/support"
    assert client.post(url, **_bearer(ben)).json()["supports"] == 1
    response = client.post(url, **_bearer(ben))
    assert response.status_code == 409
    assert client.get(f"/api/v1/proposals/{proposal.pk}").json()["supports"] == 1
    assert client.delete(url, **_bearer(ben)).json()["supports"] == 0


def test_state_change_is_for_the_towns_editors(client, speyer, anna, editor):
    proposal = _propose(anna, speyer)
    url = f"/api/v1/proposals/{proposal.pk}/state"
    body = {"state": "planned", "reason": "Kommt 2027."}
    assert client.post(url, body, content_type="application/json", **_bearer(anna)).status_code == 403
    response = client.post(url, body, content_type="application/json", **_bearer(editor))
    assert response.json()["state_label"] == "geplant"
    assert response.json()["state_reason"] == "Kommt 2027."


def test_comments_are_listed_with_pseudonyms(client, speyer, anna, ben):
    proposal = _propose(anna, speyer)
    response = client.post(
        f"/api/v1/proposals/{proposal.pk}/comments",
        {"text": "<b>Ja</b>"},
        content_type="application/json",
        **_bearer(ben),
    )
    assert response.status_code == 201
    assert response.json()["comments"] == [
        {
            "id": response.json()["comments"][0]["id"],
            "author": "Ben",
            "text": "<b>Ja</b>",
            "created_at": response.json()["comments"][0]["created_at"],
        }
    ]


def test_proposal_list_is_paged_with_constant_queries(client, speyer, anna, parking):
    from ikone.core.testing.queries import assert_constant_queries

    counter = iter(range(100))
    _propose(anna, speyer, parking, title="erster")
    assert_constant_queries(
        lambda: client.get(f"/api/v1/organizations/{speyer.ags}/proposals"),
        lambda: [_propose(anna, speyer, parking, title=f"Nr. {next(counter)}") for _ in range(3)],
    )
    body = client.get(f"/api/v1/organizations/{speyer.ags}/proposals?limit=2").json()
    assert body["count"] == 4
    assert len(body["items"]) == 2


def test_processes_list_detail_and_ballot(client, speyer, editor, anna):
    import datetime as dt

    from django.utils import timezone

    from ikone.participation.services import ItemDraft, process_create

    now = timezone.now()
    process = process_create(
        actor=Actor.of(editor),
        organization=speyer,
        title="Was zuerst?",
        kind="ranking",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1),
        items=[ItemDraft(title="Fundbüro"), ItemDraft(title="Parkausweis")],
    )
    listed = client.get(f"/api/v1/organizations/{speyer.ags}/processes").json()
    assert listed["count"] == 1
    assert listed["items"][0]["phase"] == "open"
    items = [item["id"] for item in client.get(f"/api/v1/processes/{process.pk}").json()["items"]]
    url = f"/api/v1/processes/{process.pk}/ballot"
    response = client.post(
        url, {"items": [items[1], items[0]]}, content_type="application/json", **_bearer(anna)
    )
    assert response.status_code == 201
    assert [(i["title"], i["points"]) for i in response.json()["items"]] == [
        ("Parkausweis", 3),
        ("Fundbüro", 2),
    ]
    again = client.post(url, {"items": [items[0]]}, content_type="application/json", **_bearer(anna))
    assert again.status_code == 409
    assert client.get(f"/api/v1/processes/{process.pk}").json()["ballots"] == 1


def _post(client, url, body, user, scope="write"):
    return client.post(url, body, content_type="application/json", **_bearer(user, scope))


def test_report_a_proposal_or_one_of_its_comments(client, speyer, anna, ben, worms):
    from ikone.participation.models import Report

    proposal = _propose(anna, speyer)
    comment = services.comment_add(actor=Actor.of(anna), proposal=proposal, text="Werbung")
    url = f"/api/v1/proposals/{proposal.pk}/reports"
    assert client.post(url, {}, content_type="application/json").status_code == 401
    assert _post(client, url, {}, ben, "read").status_code == 403
    response = _post(client, url, {"comment": comment.pk, "reason": "Werbung"}, ben)
    assert response.status_code == 201
    assert response.json()["comment"] == comment.pk
    assert response.json()["reason"] == "Werbung"
    assert Report.objects.get().reporter == ben
    other = services.comment_add(actor=Actor.of(anna), proposal=_propose(anna, worms), text="x")
    response = _post(client, url, {"comment": other.pk}, ben)  # a comment of another proposal
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "comment", "message": "unbekannter Kommentar"}]
    assert _post(client, url, {"reason": "x" * 301}, ben).status_code == 422
    assert Report.objects.count() == 1


def test_hide_and_show_a_proposal_is_for_the_towns_editors(client, speyer, anna, editor):
    from ikone.participation.models import Report

    proposal = _propose(anna, speyer)
    services.report_create(actor=Actor.of(anna), proposal=proposal, reason="doppelt")
    url = f"/api/v1/proposals/{proposal.pk}/hide"
    response = _post(client, url, {}, anna)
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert _post(client, url, {}, editor, "read").status_code == 403
    response = _post(client, url, {}, editor)
    assert response.status_code == 200
    assert response.json()["hidden"] is True
    assert Report.objects.get().resolved_at is not None
    assert client.get(f"/api/v1/proposals/{proposal.pk}").status_code == 404  # hidden from the public
    assert _post(client, url, {"hidden": False}, editor).json()["hidden"] is False
    assert client.get(f"/api/v1/proposals/{proposal.pk}").status_code == 200


def test_hide_a_comment(client, speyer, anna, ben, editor):
    proposal = _propose(anna, speyer)
    comment = services.comment_add(actor=Actor.of(ben), proposal=proposal, text="Spam")
    url = f"/api/v1/proposals/{proposal.pk}/comments/{comment.pk}/hide"
    assert _post(client, url, {}, ben).status_code == 403
    assert _post(client, url, {}, editor).json()["comments"] == []
    assert (
        _post(client, f"/api/v1/proposals/{proposal.pk}/comments/999999/hide", {}, editor).status_code == 404
    )


def test_merge_duplicates_counts_nobody_twice(client, speyer, worms, anna, ben, editor):
    original = _propose(anna, speyer)
    duplicate = _propose(ben, speyer, title="Parkausweis bitte")
    services.support_add(actor=Actor.of(anna), proposal=duplicate)  # Anna already counts for the original
    url = f"/api/v1/proposals/{duplicate.pk}/merge"
    assert _post(client, url, {"into": original.pk}, ben).status_code == 403
    response = _post(client, url, {"into": 2_000_000_000}, editor)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "into", "message": "unbekannter Vorschlag"}]
    elsewhere = _propose(anna, worms)
    assert _post(client, url, {"into": elsewhere.pk}, editor).status_code == 422
    assert _post(client, url, {"into": 0}, editor).status_code == 422
    response = _post(client, url, {"into": original.pk}, editor)
    assert response.status_code == 200
    assert response.json()["id"] == original.pk
    assert response.json()["supports"] == 1  # Ben, the duplicate's author; Anna is the author
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert _post(client, url, {"into": original.pk}, editor).status_code == 409
    assert (
        _post(client, f"/api/v1/proposals/{duplicate.pk}/hide", {"hidden": False}, editor).status_code == 409
    )


def test_open_reports_are_listed_for_the_towns_editors_only(client, speyer, anna, ben, editor):
    proposal = _propose(anna, speyer)
    comment = services.comment_add(actor=Actor.of(anna), proposal=proposal, text="Werbung")
    services.report_create(actor=Actor.of(ben), proposal=proposal, comment=comment, reason="Werbung")
    url = f"/api/v1/organizations/{speyer.ags}/reports"
    assert client.get(url).status_code == 401
    assert client.get(url, **_bearer(ben, "read")).status_code == 403
    body = client.get(url, **_bearer(editor, "read")).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["proposal"], item["comment"], item["comment_text"]) == (proposal.pk, comment.pk, "Werbung")
    assert "reporter" not in item
    _post(client, f"/api/v1/proposals/{proposal.pk}/comments/{comment.pk}/hide", {}, editor)
    assert client.get(url, **_bearer(editor)).json()["count"] == 0  # hiding resolves the report


def test_open_reports_list_has_constant_queries(client, speyer, anna, ben, editor):
    from ikone.core.testing.queries import assert_constant_queries

    proposal = _propose(anna, speyer)
    url = f"/api/v1/organizations/{speyer.ags}/reports"
    headers = _bearer(editor, "read")

    def grow():
        comment = services.comment_add(actor=Actor.of(anna), proposal=proposal, text="x")
        services.report_create(actor=Actor.of(ben), proposal=proposal, comment=comment)

    grow()
    client.get(url, **headers)  # the token's first use is recorded once
    assert_constant_queries(lambda: client.get(url, **headers), grow)


def test_network_demand_lists_missing_services_with_counts_per_member(
    client, network, speyer, worms, anna, ben, parking, dog_tax
):
    services.support_add(actor=Actor.of(ben), proposal=_propose(anna, speyer, parking))
    _propose(ben, worms, parking, title="Parken in Worms")
    _propose(anna, speyer, dog_tax, title="Hundesteuer in Speyer")  # online in Speyer: not missing
    _propose(ben, worms, dog_tax, title="Hundesteuer in Worms")
    body = client.get("/api/v1/networks/ikone-ds/demand").json()
    assert body == {
        "count": 2,
        "items": [
            {
                "service": {"ozg_id": 10173, "name": "Parkausweise und Zufahrtsberechtigungen"},
                "proposals": 2,
                "supports": 1,
                "people": 3,
                "towns": [
                    {"key": "07318000", "name": "Speyer", "people": 2},
                    {"key": "07319000", "name": "Worms", "people": 1},
                ],
                "offered_by": [],
            },
            {
                "service": {"ozg_id": 10200, "name": "Hundesteuer"},
                "proposals": 1,
                "supports": 0,
                "people": 1,
                "towns": [{"key": "07319000", "name": "Worms", "people": 1}],
                "offered_by": [{"key": "07318000", "name": "Speyer"}],
            },
        ],
    }
    assert "Anna" not in str(body)
    assert "Ben" not in str(body)
    paged = client.get("/api/v1/networks/ikone-ds/demand", {"limit": 1, "offset": 1}).json()
    assert (paged["count"], [i["service"]["ozg_id"] for i in paged["items"]]) == (2, [10200])


def test_network_demand_filters_by_kreis_and_refuses_a_kreis_without_members(
    client, network, speyer, worms, anna, parking
):
    _propose(anna, speyer, parking)
    _propose(anna, worms, parking, title="Parken in Worms")
    body = client.get("/api/v1/networks/ikone-ds/demand", {"kreis": "07319"}).json()
    assert [t["key"] for t in body["items"][0]["towns"]] == ["07319000"]
    response = client.get("/api/v1/networks/ikone-ds/demand", {"kreis": "99999"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "kreis", "message": "Kein Kreis der Mitglieder dieses Netzwerks."}
    ]
    assert client.get("/api/v1/networks/unbekannt/demand").status_code == 404


def _process_body(**changes):
    return {
        "title": "Bürgerhaushalt Digitales 2030",
        "description": "Was zuerst?",
        "kind": "budget",
        "budget": "100000.00",
        "starts_at": "2030-01-01T10:00:00",
        "ends_at": "2030-02-01T10:00:00",
        "items": [
            {"title": "Online-Fundbüro", "cost": "60000", "ozg_id": 10173},
            {"title": "Mängelmelder", "cost": "30000"},
        ],
        **changes,
    }


def test_process_create_and_update_through_the_api(client, speyer, editor, parking):
    from ikone.participation.models import Process

    response = _post(client, f"/api/v1/organizations/{speyer.ags}/processes", _process_body(), editor)
    assert response.status_code == 201
    body = response.json()
    assert (body["phase"], body["budget"], body["starts_at"]) == (
        "upcoming",
        "100000.00",
        "2030-01-01T09:00:00Z",
    )
    assert sorted((i["title"], i["cost"], i["service"] is not None) for i in body["items"]) == [
        ("Mängelmelder", "30000.00", False),
        ("Online-Fundbüro", "60000.00", True),
    ]
    url = f"/api/v1/processes/{body['id']}"
    changed = _process_body(
        kind="ranking", budget=None, items=[{"title": "A"}, {"title": "B"}, {"title": "C"}]
    )
    response = client.put(url, changed, content_type="application/json", **_bearer(editor))
    assert response.status_code == 200
    assert (response.json()["kind"], len(response.json()["items"])) == ("ranking", 3)
    assert Process.objects.get().kind == "ranking"


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"ends_at": "2029-12-31T10:00:00"}, 422, "ends_at"),
        ({"budget": None}, 422, "budget"),
        ({"items": [{"title": "Nur eine", "cost": "1"}]}, 422, "items"),
        (
            {"items": [{"title": "A", "cost": "1", "ozg_id": 99999}, {"title": "B", "cost": "1"}]},
            422,
            "items",
        ),
        ({"items": [{"title": "A"}, {"title": "B", "cost": "1"}]}, 422, "items"),
        ({"kind": "lotterie"}, 422, "kind"),
        ({"budget": "0"}, 422, "budget"),
        ({"starts_at": "1900-01-01T10:00:00"}, 422, "starts_at"),
    ],
)
def test_process_create_refuses_bad_input_at_the_field(
    client, speyer, editor, parking, changes, status, field
):
    from ikone.participation.models import Process

    response = _post(
        client, f"/api/v1/organizations/{speyer.ags}/processes", _process_body(**changes), editor
    )
    assert response.status_code == status, response.json()
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Process.objects.exists()


def test_process_write_is_for_the_towns_editors(client, speyer, worms, editor, anna, parking):
    url = f"/api/v1/organizations/{speyer.ags}/processes"
    assert client.post(url, _process_body(), content_type="application/json").status_code == 401
    assert _post(client, url, _process_body(), anna).status_code == 403
    assert _post(client, url, _process_body(), editor, scope="read").status_code == 403
    assert (
        _post(client, f"/api/v1/organizations/{worms.ags}/processes", _process_body(), editor).status_code
        == 403
    )
    process = _post(client, url, _process_body(), editor).json()
    put = client.put(
        f"/api/v1/processes/{process['id']}",
        _process_body(title="X"),
        content_type="application/json",
        **_bearer(anna),
    )
    assert put.status_code == 403
    missing = client.put(
        "/api/v1/processes/999999", _process_body(), content_type="application/json", **_bearer(editor)
    )
    assert missing.status_code == 404


def test_process_update_after_the_first_ballot_names_the_fields_that_stay(
    client, speyer, editor, anna, parking
):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    body = _process_body(
        kind="ranking",
        budget=None,
        items=[{"title": "A"}, {"title": "B"}],
        starts_at=(now - dt.timedelta(days=1)).isoformat(),
        ends_at=(now + dt.timedelta(days=1)).isoformat(),
    )
    process = _post(client, f"/api/v1/organizations/{speyer.ags}/processes", body, editor).json()
    _post(client, f"/api/v1/processes/{process['id']}/ballot", {"items": [process["items"][0]["id"]]}, anna)
    url = f"/api/v1/processes/{process['id']}"
    response = client.put(
        url,
        {**body, "items": [{"title": "C"}, {"title": "D"}]},
        content_type="application/json",
        **_bearer(editor),
    )
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "items", "message": "Es wurde schon abgestimmt: nicht mehr änderbar."}
    ]
    later = (now + dt.timedelta(days=8)).isoformat()
    response = client.put(url, {**body, "ends_at": later}, content_type="application/json", **_bearer(editor))
    assert response.status_code == 200
    assert response.json()["ballots"] == 1


def test_hidden_and_reported_proposals_are_listed_for_the_towns_editors_only(
    client, speyer, worms, anna, ben, editor
):
    hidden = _propose(anna, speyer, title="Werbung")
    services.proposal_hide(actor=Actor.of(editor), proposal=hidden, hidden=True)
    reported = _propose(anna, speyer, title="Gemeldet")
    comment = services.comment_add(actor=Actor.of(ben), proposal=reported, text="Spam")
    services.report_create(actor=Actor.of(ben), proposal=reported, comment=comment, reason="Spam")
    _propose(anna, speyer, title="Unauffällig")
    _propose(anna, worms, title="Andere Stadt")
    services.proposal_hide(actor=Actor.system("t"), proposal=_propose(ben, worms, title="Worms"), hidden=True)
    url = f"/api/v1/organizations/{speyer.ags}/moderation/proposals"
    assert client.get(url).status_code == 401
    assert client.get(url, **_bearer(ben, "read")).status_code == 403
    body = client.get(url, **_bearer(editor, "read")).json()
    assert body["count"] == 2
    assert [(i["title"], i["hidden"], i["open_reports"]) for i in body["items"]] == [
        ("Gemeldet", False, 1),
        ("Werbung", True, 0),
    ]
    only_hidden = client.get(url, {"only": "hidden"}, **_bearer(editor, "read")).json()
    assert [i["title"] for i in only_hidden["items"]] == ["Werbung"]
    only_reported = client.get(url, {"only": "reported"}, **_bearer(editor, "read")).json()
    assert [i["title"] for i in only_reported["items"]] == ["Gemeldet"]
    bad = client.get(url, {"only": "alles"}, **_bearer(editor, "read"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "only"
    paged = client.get(url, {"limit": 1, "offset": 1}, **_bearer(editor, "read")).json()
    assert (paged["count"], [i["title"] for i in paged["items"]]) == (2, ["Werbung"])


def test_merged_duplicates_are_listed_as_hidden_with_their_target(client, speyer, anna, ben, editor):
    original = _propose(anna, speyer)
    duplicate = _propose(ben, speyer, title="Parkausweis bitte")
    services.proposal_merge(actor=Actor.of(editor), proposal=duplicate, into=original)
    body = client.get(
        f"/api/v1/organizations/{speyer.ags}/moderation/proposals", **_bearer(editor, "read")
    ).json()
    assert [(i["id"], i["hidden"], i["merged_into"]) for i in body["items"]] == [
        (duplicate.pk, True, original.pk)
    ]


def test_moderation_proposals_list_has_constant_queries(client, speyer, anna, ben, editor):
    from ikone.core.testing.queries import assert_constant_queries

    url = f"/api/v1/organizations/{speyer.ags}/moderation/proposals"
    headers = _bearer(editor, "read")

    def grow():
        proposal = _propose(anna, speyer, title="x")
        services.comment_add(actor=Actor.of(ben), proposal=proposal, text="y")
        services.report_create(actor=Actor.of(ben), proposal=proposal, reason="z")
        services.proposal_hide(actor=Actor.of(editor), proposal=_propose(ben, speyer, title="w"), hidden=True)

    grow()
    client.get(url, **headers)  # the token's first use is recorded once
    assert_constant_queries(lambda: client.get(url, **headers), grow)
