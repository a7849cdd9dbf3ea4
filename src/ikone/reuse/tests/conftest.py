from dataclasses import dataclass

import pytest

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import LandFactory, MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.coverage.tests.factories import maturity_models, small_catalog

SYSTEM = Actor.system("test")


@dataclass
class Scene:
    owner: object  # Speyer: owns the solution
    adopter: object  # Kaiserslautern: reuses it
    other: object  # Trier: not in the network
    network: object
    services: list
    solution: object
    owner_editor: object
    adopter_editor: object
    other_editor: object
    coordinator: object
    stranger: object


def make_solution(
    owner, services, *, name="Hundesteuer-Portal", url="https://git.example.org/speyer/hundesteuer", **kwargs
):
    from ikone.catalog.services import SolutionLinks, solution_update

    solution = solution_import(
        actor=SYSTEM, content=publiccode_yaml(name=name, url=url, **kwargs), owner=owner
    ).solution
    solution_update(
        actor=SYSTEM,
        solution=solution,
        document=solution.document,
        links=SolutionLinks(services=list(services)),
    )
    return solution


def user_of(org, role="editor", email=None):
    user = User.objects.create_user(email=email or f"{role}-{org.pk}@example.org")
    OrganizationMember.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def scene(db):
    maturity_models()
    LandFactory()
    services = small_catalog()
    owner = MunicipalityFactory(ags="07318000", short_name="Speyer", population=50000)
    adopter = MunicipalityFactory(ags="07312000", short_name="Kaiserslautern", population=100500)
    other = MunicipalityFactory(ags="07211000", short_name="Trier", population=110000)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    MembershipFactory(network=network, organization=owner)
    MembershipFactory(network=network, organization=adopter)
    solution = make_solution(owner, services[:2])
    solution.networks.add(network)
    coordinator = User.objects.create_user(email="koordination@example.org")
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    return Scene(
        owner=owner,
        adopter=adopter,
        other=other,
        network=network,
        services=services,
        solution=solution,
        owner_editor=user_of(owner),
        adopter_editor=user_of(adopter),
        other_editor=user_of(other),
        coordinator=coordinator,
        stranger=User.objects.create_user(email="fremd@example.org"),
    )
