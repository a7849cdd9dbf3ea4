import pytest
from django.core import mail

from ikone.accounts import policy
from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.core.audit import Actor
from ikone.core.errors import Conflict
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory
from ikone.organizations.membership import membership_request_decide, network_invite, network_join_request
from ikone.organizations.models import NetworkMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    network = NetworkFactory(name="IKONE-DS")
    town = MunicipalityFactory(short_name="Landau")
    coordinator = User.objects.create_user(email="koordination@kl-digital.de")
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    town_admin = User.objects.create_user(email="admin@landau.de")
    OrganizationMember.objects.create(user=town_admin, organization=town, role="orgadmin")
    return network, town, coordinator, town_admin


def test_invitation_accepted_by_the_town_makes_it_a_member(cast, django_capture_on_commit_callbacks):
    network, town, coordinator, town_admin = cast
    with django_capture_on_commit_callbacks(execute=True):
        invitation = network_invite(actor=Actor.of(coordinator), network=network, organization=town)
    assert mail.outbox[0].to == ["admin@landau.de"]

    with pytest.raises(policy.PermissionDenied):
        membership_request_decide(actor=Actor.of(coordinator), request=invitation, accept=True)
    membership_request_decide(actor=Actor.of(town_admin), request=invitation, accept=True)

    membership = NetworkMembership.objects.get(network=network, organization=town)
    assert membership.role == "member"
    assert ChangeRecord.objects.filter(
        object_type="organizations.networkmembership", actor=town_admin
    ).exists()
    with pytest.raises(Conflict):
        membership_request_decide(actor=Actor.of(town_admin), request=invitation, accept=False)


def test_join_request_is_decided_by_the_coordinator(cast):
    network, town, coordinator, town_admin = cast
    request = network_join_request(
        actor=Actor.of(town_admin), network=network, organization=town, message="Gern!"
    )
    with pytest.raises(Conflict):
        network_invite(actor=Actor.of(coordinator), network=network, organization=town)
    with pytest.raises(policy.PermissionDenied):
        membership_request_decide(actor=Actor.of(town_admin), request=request, accept=True)
    declined = membership_request_decide(actor=Actor.of(coordinator), request=request, accept=False)
    assert declined.status == "declined"
    assert not NetworkMembership.objects.filter(network=network, organization=town).exists()


def test_only_coordinators_invite_and_only_org_admins_ask_to_join(cast):
    network, town, _coordinator, _admin = cast
    editor = User.objects.create_user(email="editor@landau.de")
    OrganizationMember.objects.create(user=editor, organization=town, role="editor")
    with pytest.raises(policy.PermissionDenied):
        network_invite(actor=Actor.of(editor), network=network, organization=town)
    with pytest.raises(policy.PermissionDenied):
        network_join_request(actor=Actor.of(editor), network=network, organization=town)
