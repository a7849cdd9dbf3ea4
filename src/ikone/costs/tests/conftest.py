import datetime as dt
from decimal import Decimal

import pytest

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, OrganizationRole, User
from ikone.claims import services as claim_services
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.costs import services
from ikone.costs.services import KeyInput, ParticipantInput
from ikone.coverage.tests.factories import maturity_models, small_catalog


@pytest.fixture
def system():
    return Actor.system("test")


@pytest.fixture
def kaiserslautern(db):
    return MunicipalityFactory(
        ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern", population=100_000
    )


@pytest.fixture
def andernach(db):
    return MunicipalityFactory(
        ags="07137003", name="Andernach, Stadt", short_name="Andernach", population=30_000
    )


@pytest.fixture
def speyer(db):
    return MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer", population=50_000)


@pytest.fixture
def trier(db):
    """Not a member at first: the town of the "what if Trier joins" scenario."""
    return MunicipalityFactory(ags="07211000", name="Trier, Stadt", short_name="Trier", population=120_000)


@pytest.fixture
def network(kaiserslautern, andernach, speyer, trier):
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    for town in (kaiserslautern, andernach, speyer):
        MembershipFactory(network=network, organization=town)
    return network


def _user(email):
    return User.objects.create_user(email=email, password="ein-langes-passwort")


@pytest.fixture
def coordinator(network):
    user = _user("koordination@example.org")
    NetworkCoordinator.objects.create(user=user, network=network)
    return user


@pytest.fixture
def treasurer(andernach):
    user = _user("kaemmerei@andernach.example.org")
    OrganizationMember.objects.create(user=user, organization=andernach, role=OrganizationRole.EDITOR)
    return user


@pytest.fixture
def costs(network, kaiserslautern, system):
    """10.000,01 EUR of network costs in 2025: operation and hosting."""
    services.cost_item_create(
        actor=system,
        network=network,
        title="Betrieb Plattform",
        kind="operation",
        amount_eur=Decimal("8000.01"),
        year=2025,
        incurred_by=kaiserslautern,
        chargeable_for_reuse=True,
    )
    services.cost_item_create(
        actor=system,
        network=network,
        title="Hosting",
        kind="hosting",
        amount_eur=Decimal("2000.00"),
        year=2025,
        incurred_by=kaiserslautern,
    )


def participants(*towns, **extra):
    return [ParticipantInput(organization=t, **extra) for t in towns]


@pytest.fixture
def agreement(network, kaiserslautern, andernach, speyer, costs, system):
    return services.agreement_create(
        actor=system,
        network=network,
        title="Betrieb 2025",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        participants=participants(kaiserslautern, andernach, speyer),
        key=KeyInput(kind="population", agreed_on=dt.date(2024, 11, 20)),
    )


@pytest.fixture
def catalog(db):
    maturity_models()
    return small_catalog()


@pytest.fixture
def claim(network, kaiserslautern, catalog, system):
    """IKONE-DS's project: Kaiserslautern takes on an OZG-Leistung for the network."""
    return claim_services.claim_create(
        actor=system, network=network, organization=kaiserslautern, service=catalog[0]
    ).claim


@pytest.fixture
def other_claim(kaiserslautern, catalog, system):
    """A claim of another network."""
    other = NetworkFactory(slug="anderes-netz", name="Anderes Netz")
    MembershipFactory(network=other, organization=kaiserslautern)
    return claim_services.claim_create(
        actor=system, network=other, organization=kaiserslautern, service=catalog[1]
    ).claim
