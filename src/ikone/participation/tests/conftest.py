import pytest

from ikone.accounts.models import OrganizationMember
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage.services import StatusValues, service_status_set
from ikone.coverage.tests.factories import maturity_models
from ikone.participation.tests.factories import citizen


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


@pytest.fixture
def parking(db):
    return ServiceFactory(ozg_id=10173, name="Parkausweise und Zufahrtsberechtigungen")


@pytest.fixture
def dog_tax(speyer, system):
    """An OZG-Leistung Speyer offers online, with the address of its online service."""
    maturity_models()
    service = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    service_status_set(
        actor=system,
        organization=speyer,
        service=service,
        values=StatusValues(level=3, url="https://speyer.example.org/hundesteuer"),
    )
    return service


@pytest.fixture
def anna(db):
    return citizen("Anna aus Speyer", "anna@example.org")


@pytest.fixture
def ben(db):
    return citizen("Ben", "ben@example.org")


@pytest.fixture
def editor(speyer, django_user_model):
    user = django_user_model.objects.create_user(
        email="redaktion@speyer.de", password="ein-sehr-langes-passwort"
    )
    OrganizationMember.objects.create(user=user, organization=speyer, role="editor")
    return user
