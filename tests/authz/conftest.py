"""The cast of the authorisation matrix: who is who, and a world for them to act in."""

from dataclasses import dataclass

import pytest
from django.test import Client

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.accounts.services import token_create
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LandFactory,
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage.services import StatusValues, service_status_set
from ikone.organizations.models import MembershipRequest, Organization
from ikone.ozg.models import MaturityLevel, MaturityModel

ACTORS = ["anonymous", "viewer_a", "editor_a", "editor_b", "orgadmin_a", "coordinator", "platform_admin"]


@dataclass
class World:
    org_a: object
    org_b: object
    network: object
    other_network: object
    invitation: object
    token: object
    solution: object
    users: dict


@pytest.fixture
def world(db):
    LandFactory()
    Organization.objects.create(
        level="kreis",
        kind="Kreisfreie Stadt",
        name="Speyer",
        short_name="Speyer (Kreis)",
        slug="speyer-07318",
        ars="073180000000",
        land_key="07",
        kreis_key="07318",
    )
    org_a = MunicipalityFactory(ags="07318000", short_name="Speyer")
    org_b = MunicipalityFactory(ags="07211000", short_name="Trier")
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(network=network, organization=org_a)
    service = ServiceFactory(ozg_id=10200)
    LeikaServiceFactory(service=service, key="99121001000000")
    model = MaturityModel.objects.create(version="1.1", name="OZG-Reifegradmodell 1.1", compliant_from=3)
    for level in range(5):
        MaturityLevel.objects.create(
            model=model, level=level, label=f"Stufe {level}", ozg_compliant=level >= 3
        )
    service_status_set(
        actor=Actor.system("test"), organization=org_a, service=service, values=StatusValues(level=2)
    )
    other_network = NetworkFactory(slug="smart-city")
    invitation = MembershipRequest.objects.create(
        kind="invitation", network=NetworkFactory(slug="dritte"), organization=org_a
    )
    solution = solution_import(actor=Actor.system("test"), content=publiccode_yaml(), owner=org_a).solution
    users = {}
    for name, role, org in [
        ("viewer_a", "viewer", org_a),
        ("editor_a", "editor", org_a),
        ("editor_b", "editor", org_b),
        ("orgadmin_a", "orgadmin", org_a),
    ]:
        users[name] = User.objects.create_user(email=f"{name}@example.org")
        OrganizationMember.objects.create(user=users[name], organization=org, role=role)
    users["coordinator"] = User.objects.create_user(email="coordinator@example.org")
    NetworkCoordinator.objects.create(user=users["coordinator"], network=network)
    users["platform_admin"] = User.objects.create_user(email="admin@example.org", is_staff=True)
    token, _raw = token_create(actor=Actor.system("test"), user=users["editor_a"], name="Fachverfahren")
    return World(
        org_a=org_a,
        org_b=org_b,
        network=network,
        other_network=other_network,
        invitation=invitation,
        token=token,
        solution=solution,
        users=users,
    )


def client_for(world: World, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client
