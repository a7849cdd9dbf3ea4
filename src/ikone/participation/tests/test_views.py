import datetime as dt
import json

import pytest
from django.test import Client

from ikone.claims.services import claim_create, claim_transition
from ikone.core.audit import Actor
from ikone.core.testing.queries import assert_constant_queries
from ikone.participation import services
from ikone.participation.models import Proposal, Support
from ikone.participation.tests.factories import citizen


def _propose(user, town, service=None, title="Anwohnerparkausweis online"):
    return services.proposal_create(
        actor=Actor.of(user), organization=town, title=title, text="Bitte online.", service=service
    )


@pytest.fixture
def coming(network, worms, parking, system):
    claim = claim_create(
        actor=system,
        network=network,
        organization=worms,
        service=parking,
        target_date=dt.date(2027, 3, 1),
    ).claim
    claim_transition(actor=system, claim=claim, action="accept")
    return claim


def test_town_page_shows_online_coming_and_wanted_services_without_login(
    client, speyer, dog_tax, coming, anna, parking
):
    _propose(anna, speyer, parking)
    response = client.get(f"/beteiligung/{speyer.ags}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="https://speyer.example.org/hundesteuer"' in page
    assert "Worms baut es für das Netzwerk IKONE-DS" in page
    assert "Parkausweise und Zufahrtsberechtigungen" in page
    assert "Anwohnerparkausweis online" in page


def test_town_page_query_count_does_not_grow_with_proposals(speyer, anna, ben, parking, dog_tax):
    client = Client()
    counter = iter(range(100))

    def grow():
        proposal = _propose(anna, speyer, parking, title=f"Vorschlag {next(counter)}")
        services.comment_add(actor=Actor.of(ben), proposal=proposal, text="Ja")

    grow()
    assert_constant_queries(lambda: client.get(f"/beteiligung/{speyer.ags}/"), grow)


def test_html_in_a_proposal_is_escaped(client, speyer, anna):
    proposal = _propose(anna, speyer, title="<script>alert('x')</script>")
    page = client.get(f"/beteiligung/vorschlaege/{proposal.pk}/").content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def test_proposal_form_creates_a_proposal_linked_to_a_service(client, speyer, anna, parking):
    client.force_login(anna)
    response = client.post(
        f"/beteiligung/{speyer.ags}/das-fehlt-mir/",
        {"title": "Parkausweis", "text": "Bitte online.", "ozg_id": "10173", "website": ""},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/beteiligung/vorschlaege/{proposal.pk}/"
    assert proposal.service == parking


def test_proposal_form_shows_german_errors_and_saves_nothing(client, speyer, anna):
    client.force_login(anna)
    response = client.post(f"/beteiligung/{speyer.ags}/das-fehlt-mir/", {"title": "", "text": "x" * 2001})
    assert response.status_code == 200
    assert "Bitte korrigieren Sie" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_honeypot_swallows_bot_posts(client, speyer, anna):
    client.force_login(anna)
    client.post(
        f"/beteiligung/{speyer.ags}/das-fehlt-mir/",
        {"title": "Billige Uhren", "text": "Kaufen!", "website": "https://spam.example"},
    )
    assert not Proposal.objects.exists()


def test_unconfirmed_accounts_are_sent_to_their_account_page(client, speyer):
    client.force_login(citizen("Carla", confirmed=False))
    response = client.get(f"/beteiligung/{speyer.ags}/das-fehlt-mir/")
    assert response["Location"] == "/beteiligung/konto/"


def test_suggestions_use_the_ozg_search(client, parking):
    page = client.get("/beteiligung/leistungen-vorschlagen/", {"title": "Parkausweis"}).content.decode()
    assert 'data-ozg-id="10173"' in page
    assert client.get("/beteiligung/leistungen-vorschlagen/", {"title": "Pa"}).content.decode().strip() == ""


def test_support_button_counts_once(client, speyer, anna, ben):
    proposal = _propose(anna, speyer)
    client.force_login(ben)
    client.post(f"/beteiligung/vorschlaege/{proposal.pk}/support/")
    response = client.post(f"/beteiligung/vorschlaege/{proposal.pk}/support/", follow=True)
    assert "bereits" in response.content.decode()
    assert Support.objects.count() == 1


def test_register_and_confirm_through_the_pages(client, db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/beteiligung/konto/neu/",
            {"display_name": "Dora", "email": "dora@example.org", "password": "ein-sehr-langes-passwort"},
        )
    assert "bestätigen" in response.content.decode()
    link = next(line for line in mailoutbox[0].body.splitlines() if "/bestaetigen/" in line)
    path = link[link.index("/beteiligung/") :]
    assert client.get(path).status_code == 200
    client.post(path)
    from ikone.participation.models import Participant

    assert Participant.objects.get(display_name="Dora").is_confirmed


def test_export_and_delete_own_account(client, speyer, anna):
    _propose(anna, speyer)
    client.force_login(anna)
    data = json.loads(client.get("/beteiligung/konto/meine-daten.json").content)
    assert data["proposals"][0]["title"] == "Anwohnerparkausweis online"
    client.post("/beteiligung/konto/loeschen/", {"confirm": "loeschen"})
    assert Proposal.objects.get().author is None


def test_moderation_is_for_the_towns_editors(client, speyer, anna, editor):
    client.force_login(anna)
    assert client.get(f"/beteiligung/{speyer.ags}/moderation/").status_code == 403
    client.force_login(editor)
    assert client.get(f"/beteiligung/{speyer.ags}/moderation/").status_code == 200


def test_network_dashboard_lists_the_most_requested_services(client, network, speyer, anna, ben, parking):
    proposal = _propose(anna, speyer, parking)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    page = client.get("/netzwerke/ikone-ds/beteiligung/").content.decode()
    assert "Parkausweise und Zufahrtsberechtigungen (10173)" in page
    assert "Speyer</a> (2)" in page


def test_suggestions_find_a_compound_by_its_head_word(client, parking, dog_tax):
    page = client.get(
        "/beteiligung/leistungen-vorschlagen/", {"title": "Anwohnerparkausweis online"}
    ).content.decode()
    assert 'data-ozg-id="10173"' in page
    assert 'data-ozg-id="10200"' not in page


def test_citizen_actions_through_the_page(client, speyer, anna, ben):
    from ikone.participation.models import Comment, Follow, Report

    proposal = _propose(anna, speyer)
    client.force_login(ben)
    base = f"/beteiligung/vorschlaege/{proposal.pk}"
    client.post(f"{base}/comment/", {"text": "<i>Ja</i>"})
    comment = Comment.objects.get()
    client.post(f"{base}/report/", {"comment": str(comment.pk), "reason": "Test"})
    client.post(f"{base}/follow/")
    assert Follow.objects.filter(user=ben).exists()
    client.post(f"{base}/unfollow/")
    assert not Follow.objects.filter(user=ben).exists()
    assert Report.objects.get().comment == comment
    page = client.get(f"{base}/").content.decode()
    assert "&lt;i&gt;Ja&lt;/i&gt;" in page
    assert client.post(f"{base}/state/", {"state": "planned", "reason": "x"}).status_code == 403


def test_moderation_actions_through_the_page(client, speyer, anna, ben, editor):
    from ikone.participation.models import Comment

    original = _propose(anna, speyer)
    duplicate = _propose(ben, speyer, title="Parkausweis bitte")
    comment = services.comment_add(actor=Actor.of(ben), proposal=original, text="Spam")
    client.force_login(editor)
    client.post(f"/beteiligung/vorschlaege/{original.pk}/hide-comment/", {"comment": str(comment.pk)})
    assert Comment.objects.get().is_hidden
    client.post(f"/beteiligung/vorschlaege/{duplicate.pk}/merge/", {"into": str(original.pk)})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    response = client.post(
        f"/beteiligung/vorschlaege/{original.pk}/state/", {"state": "planned", "reason": ""}
    )
    follow = client.get(response["Location"]).content.decode()
    assert "Pflichtangabe" in follow
    response = client.post(f"/beteiligung/vorschlaege/{original.pk}/hide/")
    assert response["Location"] == f"/beteiligung/{speyer.ags}/moderation/"
    assert client.get(f"/beteiligung/vorschlaege/{original.pk}/").status_code == 200
    client.force_login(anna)
    assert client.get(f"/beteiligung/vorschlaege/{original.pk}/").status_code == 404


def test_kreis_dashboard_sums_the_towns_of_the_kreis(client, anna, ben, parking):
    from ikone.core.testing.factories import MunicipalityFactory
    from ikone.organizations.models import Organization

    Organization.objects.create(
        level="kreis",
        kind="Landkreis",
        name="Landkreis Wunsiedel",
        short_name="Wunsiedel (Kreis)",
        slug="wunsiedel-09479",
        ars="094790000000",
        land_key="09",
        kreis_key="09479",
    )
    selb = MunicipalityFactory(ags="09479145", short_name="Selb")
    arzberg = MunicipalityFactory(ags="09479112", short_name="Arzberg")
    _propose(anna, selb, parking)
    services.support_add(actor=Actor.of(ben), proposal=_propose(anna, arzberg, parking, title="Parken"))
    page = client.get("/beteiligung/kreis/09479/").content.decode()
    assert "Wunsiedel (Kreis)" in page
    assert "Arzberg</a> (2), <a" in page
    assert client.get("/beteiligung/kreis/99999/").status_code == 404


def test_malformed_ids_in_posts_are_refused_without_an_error_page(client, speyer, anna, editor):
    proposal = _propose(anna, speyer)
    client.force_login(editor)
    for action, data in [("hide-comment", {"comment": "abc"}), ("merge", {"into": "99999999999999999999"})]:
        response = client.post(f"/beteiligung/vorschlaege/{proposal.pk}/{action}/", data)
        assert response.status_code == 302
    client.force_login(anna)
    response = client.post(
        f"/beteiligung/{speyer.ags}/das-fehlt-mir/",
        {"title": "x", "text": "y", "ozg_id": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert Proposal.objects.count() == 1


def test_town_page_draws_the_demand_as_svg_next_to_the_table(client, speyer, anna, ben, parking):
    services.support_add(actor=Actor.of(ben), proposal=_propose(anna, speyer, parking))
    page = client.get(f"/beteiligung/{speyer.ags}/").content.decode()
    assert '<svg role="img" aria-labelledby="nachfrage-titel nachfrage-beschreibung"' in page
    assert "<title>Vorschläge: 1</title>" in page
    assert "<title>Unterstützungen: 1</title>" in page


def test_network_and_kreis_pages_draw_the_demand_as_svg_next_to_the_table(
    client, network, speyer, worms, anna, ben, parking
):
    from ikone.core.testing.factories import ServiceFactory
    from ikone.organizations.models import Organization

    dog_tax = ServiceFactory(ozg_id=10200, name="Hundesteuer")

    Organization.objects.create(
        level="kreis", kind="Kreisfreie Stadt", name="Speyer", short_name="Speyer (Kreis)",
        slug="speyer-07318", ars="073180000000", land_key="07", kreis_key="07318",
    )  # fmt: skip
    services.support_add(actor=Actor.of(ben), proposal=_propose(anna, speyer, parking))
    _propose(ben, worms, parking, title="Parken in Worms")
    _propose(anna, speyer, dog_tax, title="Hundesteuer")
    for url, people in [("/netzwerke/ikone-ds/beteiligung/", 3), ("/beteiligung/kreis/07318/", 2)]:
        page = client.get(url).content.decode()
        assert '<svg role="img" aria-labelledby="nachfrage-titel nachfrage-beschreibung"' in page, url
        chart = page[page.index("<svg") : page.index("</svg>")]
        assert chart.index("Parkausweise und Zufahrtsber") < chart.index("Hundesteuer"), url
        assert f"<title>Vorschläge: {people - 1}</title>" in chart, url
        assert "<title>Unterstützungen: 1</title>" in chart, url
        assert f"<td>{people}</td><td>{people - 1}</td><td>1</td>" in page, url  # the same figures


def test_area_chart_shows_the_most_demanded_and_the_table_all(client, network, speyer, anna):
    from ikone.core.testing.factories import ServiceFactory
    from ikone.participation.views import AREA_CHART_ROWS

    for number in range(AREA_CHART_ROWS + 2):
        _propose(anna, speyer, ServiceFactory(ozg_id=30000 + number), title=f"Wunsch {number}")
    page = client.get("/netzwerke/ikone-ds/beteiligung/").content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("<title>Vorschläge: 1</title>") == AREA_CHART_ROWS
    assert page.count("<td>1</td><td>1</td><td>0</td>") == AREA_CHART_ROWS + 2  # the table lists all
    assert f"Das Diagramm zeigt die {AREA_CHART_ROWS} meistgewünschten OZG-Leistungen" in page


def test_area_pages_without_demand_draw_no_chart(client, network):
    page = client.get("/netzwerke/ikone-ds/beteiligung/").content.decode()
    assert "<svg" not in page.split("<main")[1]
    assert "Noch keine Wünsche nach fehlenden Leistungen aus den Kommunen." in page


def test_network_demand_counts_a_wish_only_where_the_service_is_not_online(
    client, network, speyer, worms, anna, ben, dog_tax
):
    _propose(anna, speyer, dog_tax, title="Hundesteuer in Speyer")  # Speyer offers it online
    _propose(ben, worms, dog_tax, title="Hundesteuer in Worms")
    page = client.get("/netzwerke/ikone-ds/beteiligung/").content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "<td>1</td><td>1</td><td>0</td>" in table
    assert "Worms</a> (1)</td><td>Speyer</td>" in table
    assert "Speyer</a>" not in table


def test_network_demand_page_filters_by_the_kreis_of_the_members(
    client, network, speyer, worms, anna, parking
):
    _propose(anna, speyer, parking, title="Parken in Speyer")
    _propose(anna, worms, parking, title="Parken in Worms")
    page = client.get("/netzwerke/ikone-ds/beteiligung/", {"kreis": "07319"}).content.decode()
    assert '<option value="07319" selected>' in page
    assert "Worms</a> (1)" in page
    assert "Speyer</a> (1)" not in page
    page = client.get("/netzwerke/ikone-ds/beteiligung/", {"kreis": "99999"}).content.decode()
    assert "Kein Mitglied des Netzwerks liegt in diesem Kreis" in page
    assert "Worms</a> (1)" in page
    assert "Speyer</a> (1)" in page


def test_network_demand_page_query_count_does_not_grow_with_members_and_wishes(client, network, anna, ben):
    from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, ServiceFactory

    def grow():
        town = MunicipalityFactory()
        MembershipFactory(network=network, organization=town)
        proposal = _propose(anna, town, ServiceFactory())
        services.support_add(actor=Actor.of(ben), proposal=proposal)

    grow()
    for url in ["/netzwerke/ikone-ds/beteiligung/", "/api/v1/networks/ikone-ds/demand"]:
        assert_constant_queries(lambda url=url: client.get(url), grow)
