"""A small world for notification tests: a town with a solution, a network, a subscriber."""

from dataclasses import dataclass
from typing import Any

import pytest

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)

SYSTEM = Actor.system("test")


@dataclass
class Cast:
    owner_org: Any
    reuser_org: Any
    outsider_org: Any
    network: Any
    service: Any
    solution: Any
    editor: Any  # edits the owner's solution
    member: Any  # works at the reusing town
    subscriber: Any  # an outsider following things
    outsider: Any


def user(email: str, org: Any = None, role: str = "editor") -> Any:
    person = User.objects.create_user(email=email, password="ein-sehr-langes-passwort")
    if org is not None:
        OrganizationMember.objects.create(user=person, organization=org, role=role)
    return person


@pytest.fixture
def cast(db):
    owner_org = MunicipalityFactory(ags="07312000", short_name="Kaiserslautern")
    reuser_org = MunicipalityFactory(ags="07313000", short_name="Landau in der Pfalz")
    network = NetworkFactory(slug="ikone-ds", short_name="IKONE-DS")
    MembershipFactory(network=network, organization=owner_org)
    MembershipFactory(network=network, organization=reuser_org)
    service = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    solution = solution_import(
        actor=SYSTEM, content=publiccode_yaml(), owner=owner_org, network=network
    ).solution
    solution.services.set([service])
    return Cast(
        owner_org=owner_org,
        reuser_org=reuser_org,
        outsider_org=MunicipalityFactory(ags="07211000", short_name="Trier"),
        network=network,
        service=service,
        solution=solution,
        editor=user("editor@kaiserslautern.de", owner_org),
        member=user("member@landau.de", reuser_org),
        subscriber=user("abo@example.org"),
        outsider=user("aussen@example.org"),
    )
