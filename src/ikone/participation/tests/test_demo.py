from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.participation.demo import DEMO_PROPOSALS, load_demo_proposals
from ikone.participation.models import Process, Proposal
from ikone.planning.instance import PlanParameters, build_instance


def _world():
    network = NetworkFactory(slug="ikone-ds")
    for ags in sorted({d.ags for d in DEMO_PROPOSALS}):
        MembershipFactory(network=network, organization=MunicipalityFactory(ags=ags))
    for ozg_id in sorted({d.ozg_id for d in DEMO_PROPOSALS if d.ozg_id}):
        ServiceFactory(ozg_id=ozg_id)
    return network


def test_demo_proposals_are_marked_idempotent_and_feed_demand_and_planner(db, client):
    network = _world()
    actor = Actor.system("load-demo")
    assert load_demo_proposals(actor=actor, network=network) == len(DEMO_PROPOSALS)
    assert load_demo_proposals(actor=actor, network=network) == 0
    assert set(Proposal.objects.values_list("is_demo", flat=True)) == {True}
    process = Process.objects.get()
    assert process.is_demo
    assert process.is_open()
    assert process.ballots.count() == 4

    body = client.get("/api/v1/organizations/07318000/demand").json()
    assert {(item["service"]["ozg_id"], item["people"]) for item in body["items"]} == {
        (10173, 4),
        (10148, 3),
        (10160, 2),
    }

    built = build_instance(network=network, parameters=PlanParameters(period="2027-H1"))
    fischereischein = next(s for s in built.instance.services if s.key == "10148")
    assert "3 Personen aus der Bürgerschaft sie nachfragen" in fischereischein.reasons
    assert fischereischein.priority == 2 * 10 + 2 * 3
    halteverbot = next(s for s in built.instance.services if s.key == "10348")  # asked for in Kaiserslautern
    assert "3 Personen aus der Bürgerschaft sie nachfragen" in halteverbot.reasons


def test_demo_proposals_skip_towns_outside_the_network(db):
    network = NetworkFactory(slug="ikone-ds")
    for ozg_id in sorted({d.ozg_id for d in DEMO_PROPOSALS if d.ozg_id}):
        ServiceFactory(ozg_id=ozg_id)
    assert load_demo_proposals(actor=Actor.system("load-demo"), network=network) == 0


def test_demo_shows_the_missing_services_of_the_network_and_who_offers_them_online(db, client):
    from ikone.coverage.services import StatusValues, service_status_set
    from ikone.coverage.tests.factories import maturity_models
    from ikone.organizations.models import Organization
    from ikone.ozg.models import Service

    network = _world()
    maturity_models()
    kaiserslautern = Organization.objects.get(ags="07312000")
    actor = Actor.system("load-demo")
    for ozg_id in (10110, 10173):  # as the demo statuses have it: Kaiserslautern offers both online
        service_status_set(
            actor=actor,
            organization=kaiserslautern,
            service=Service.objects.get(ozg_id=ozg_id),
            values=StatusValues(level=2),
        )
    load_demo_proposals(actor=actor, network=network)
    body = client.get("/api/v1/networks/ikone-ds/demand").json()
    assert [(i["service"]["ozg_id"], i["people"]) for i in body["items"]] == [
        (10173, 4),
        (10148, 3),
        (10348, 3),
        (10160, 2),
    ]  # the Sperrmüll wish in Kaiserslautern is met online there
    assert body["items"][0]["offered_by"] == [{"key": "07312000", "name": kaiserslautern.short_name}]
    page = client.get("/netzwerke/ikone-ds/beteiligung/", {"kreis": "07312"}).content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "(10348)</td>" in table
    assert "(10173)</td>" not in table  # asked for in Speyer, another Kreis
