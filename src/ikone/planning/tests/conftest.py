import pytest

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, OrganizationRole, User
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LageFactory,
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
    ThemenfeldFactory,
)
from ikone.coverage.services import StatusValues, service_status_set
from ikone.coverage.tests.factories import maturity_models
from ikone.planning.models import MemberCapacity

PERIOD = "2027-H1"


@pytest.fixture
def system():
    return Actor.system("test")


@pytest.fixture
def world(db, system):
    """IKONE-DS in small: Speyer, Worms, Trier; five OZG-Leistungen in two Themenfelder."""
    maturity_models()
    steuern = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll"))
    bauen = LageFactory(themenfeld=ThemenfeldFactory(name="Bauen & Wohnen"))
    services = {
        "hund": ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=steuern),
        "zweit": ServiceFactory(ozg_id=10201, name="Zweitwohnungsteuer", lage=steuern),
        "wohngeld": ServiceFactory(ozg_id=10300, name="Wohngeld", lage=bauen),
        "bau": ServiceFactory(ozg_id=10301, name="Baugenehmigung", lage=bauen),
        "park": ServiceFactory(ozg_id=10302, name="Bewohnerparkausweis", lage=bauen),
    }
    LeikaServiceFactory(service=services["hund"], sdg1=True, leika_type="5")
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    members = {
        name: MunicipalityFactory(ags=ags, name=f"{name}, Stadt", short_name=name)
        for name, ags in [("Speyer", "07318000"), ("Worms", "07319000"), ("Trier", "07211000")]
    }
    for org in members.values():
        MembershipFactory(network=network, organization=org)
    # Speyer offers the Baugenehmigung (→ not open; experience in Bauen), Worms has the Wohngeld at Stufe 2.
    service_status_set(
        actor=system, organization=members["Speyer"], service=services["bau"], values=StatusValues(level=3)
    )
    service_status_set(
        actor=system,
        organization=members["Worms"],
        service=services["wohngeld"],
        values=StatusValues(level=2),
    )
    for name, days in [("Speyer", 40), ("Worms", 30), ("Trier", 20)]:
        MemberCapacity.objects.create(
            network=network, organization=members[name], period=PERIOD, person_days=days
        )
    return {"network": network, "members": members, "services": services}


def _user(email, **kwargs):
    return User.objects.create_user(email=email, password="ein-langes-passwort", **kwargs)


@pytest.fixture
def coordinator(world):
    user = _user("koordination@example.org")
    NetworkCoordinator.objects.create(user=user, network=world["network"])
    return user


@pytest.fixture
def speyer_editor(world):
    user = _user("redaktion@speyer.example.org")
    OrganizationMember.objects.create(
        user=user, organization=world["members"]["Speyer"], role=OrganizationRole.EDITOR
    )
    return user
