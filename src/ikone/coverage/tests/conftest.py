import pytest

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
def actor():
    return Actor.system("test")


@pytest.fixture
def town(db):
    return MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern")


@pytest.fixture
def network(town):
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    MembershipFactory(network=network, organization=town)
    return network
