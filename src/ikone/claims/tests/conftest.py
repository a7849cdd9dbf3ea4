import pytest

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, OrganizationRole, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.coverage.tests.factories import maturity_models, small_catalog


@pytest.fixture
def models(db):
    return maturity_models()


@pytest.fixture
def catalog(models):
    return small_catalog()


@pytest.fixture
def system():
    return Actor.system("test")


@pytest.fixture
def speyer(db):
    return MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")


@pytest.fixture
def worms(db):
    return MunicipalityFactory(ags="07319000", name="Worms, Stadt", short_name="Worms")


@pytest.fixture
def network(speyer, worms):
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    MembershipFactory(network=network, organization=speyer)
    MembershipFactory(network=network, organization=worms)
    return network


def _user(email, **kwargs):
    return User.objects.create_user(email=email, password="ein-langes-passwort", **kwargs)


@pytest.fixture
def editor(speyer):
    user = _user("redaktion@speyer.example.org")
    OrganizationMember.objects.create(user=user, organization=speyer, role=OrganizationRole.EDITOR)
    return user


@pytest.fixture
def worms_editor(worms):
    user = _user("redaktion@worms.example.org")
    OrganizationMember.objects.create(user=user, organization=worms, role=OrganizationRole.EDITOR)
    return user


@pytest.fixture
def coordinator(network):
    user = _user("koordination@example.org")
    NetworkCoordinator.objects.create(user=user, network=network)
    return user


@pytest.fixture
def solution(db, speyer):
    return solution_import(
        actor=Actor.system("test"),
        content=publiccode_yaml(name="Bürgerportal Speyer", url="https://git.example.org/speyer/portal"),
    ).solution
