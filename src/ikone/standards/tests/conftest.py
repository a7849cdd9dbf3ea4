from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.catalog.models import Release, Solution
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.standards.services import STANDARDS_FILE, standards_import

SYSTEM = Actor.system("test")
DATA = Path(__file__).parent / "data" / "openapi" / "developers-italia-api"


def make_solution(owner, *, name: str, network=None, versions=("1.0", "2.0")) -> Solution:
    slug_part = name.lower().replace(" ", "-")
    solution = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(name=name, url=f"https://git.example.org/{slug_part}"),
        owner=owner,
        network=network,
    ).solution
    for version in versions:
        Release.objects.get_or_create(solution=solution, version=version)
    return solution


@dataclass
class Setup:
    network: object
    owner: object
    other: object
    solution: Solution
    other_solution: Solution
    editor: User
    coordinator: User
    outsider: User


@pytest.fixture
def registry(db):
    standards_import(path=Path(settings.DATA_DIR) / STANDARDS_FILE, actor=SYSTEM)


@pytest.fixture
def setup(registry) -> Setup:
    owner = MunicipalityFactory(ags="07318000", short_name="Speyer")
    other = MunicipalityFactory(ags="07211000", short_name="Trier")
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(network=network, organization=owner)
    MembershipFactory(network=network, organization=other)
    solution = make_solution(owner, name="Hundesteuer", network=network)
    other_solution = make_solution(other, name="Ratsinfo", network=network)
    editor = User.objects.create_user(email="editor@example.org")
    OrganizationMember.objects.create(user=editor, organization=owner, role="editor")
    coordinator = User.objects.create_user(email="coord@example.org")
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    outsider = User.objects.create_user(email="outsider@example.org")
    OrganizationMember.objects.create(user=outsider, organization=other, role="editor")
    return Setup(network, owner, other, solution, other_solution, editor, coordinator, outsider)
