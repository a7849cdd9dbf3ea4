import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ikone.accounts import policy
from ikone.accounts.models import ApiToken, OrganizationMember, User
from ikone.accounts.services import organization_role_set, token_authenticate, token_create, token_revoke
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_only_its_hash_is_stored():
    user = User.objects.create_user(email="it@example.org")
    token, raw = token_create(actor=Actor.system("test"), user=user, name="Fachverfahren", scope="write")
    assert raw.startswith("ikone_")
    assert raw not in {token.key_hash, token.prefix}
    assert ApiToken.objects.filter(key_hash__contains=raw).count() == 0
    assert token_authenticate(raw) == token
    assert token_authenticate(raw + "x") is None


def test_revoked_and_expired_tokens_no_longer_authenticate():
    user = User.objects.create_user(email="it@example.org")
    revoked, raw_revoked = token_create(actor=Actor.of(user), user=user, name="a")
    expired, raw_expired = token_create(actor=Actor.of(user), user=user, name="b", expires_in_days=1)
    token_revoke(actor=Actor.of(user), token=revoked)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert token_authenticate(raw_revoked) is None
    assert token_authenticate(raw_expired) is None


def test_nobody_creates_tokens_for_someone_else():
    owner = User.objects.create_user(email="owner@example.org")
    other = User.objects.create_user(email="other@example.org")
    with pytest.raises(policy.PermissionDenied):
        token_create(actor=Actor.of(other), user=owner, name="fremd")


def test_bearer_token_identifies_the_user_and_read_tokens_cannot_write():
    user = User.objects.create_user(email="it@example.org", is_staff=True)
    _, read_raw = token_create(actor=Actor.system("t"), user=user, name="lesen", scope="read")
    client = Client()
    response = client.post(
        "/api/v1/solutions/import",
        "x: 1",
        content_type="application/yaml",
        HTTP_AUTHORIZATION=f"Bearer {read_raw}",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Dieses API-Token darf nur lesen."
    bad = client.get("/api/v1/solutions", HTTP_AUTHORIZATION="Bearer ikone_falsch")
    assert bad.status_code == 401


def test_token_command_prints_the_token_once():
    User.objects.create_user(email="it@example.org")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "--email",
        "IT@example.org",
        "--name",
        "Import",
        "--expires",
        "30",
        "--scope",
        "write",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    token = token_authenticate(raw)
    assert token is not None
    assert token.scope == "write"
    assert "nur jetzt angezeigt" in err.getvalue()


def test_createuser_and_add_coordinator_commands():
    MunicipalityFactory(ags="07318000")
    NetworkFactory(slug="ikone-ds")
    call_command(
        "createuser",
        "--email",
        "Digital@Speyer.de",
        "--org",
        "07318000",
        "--role",
        "editor",
        stdout=io.StringIO(),
    )
    call_command(
        "network",
        "add-coordinator",
        "--network",
        "ikone-ds",
        "--email",
        "digital@speyer.de",
        stdout=io.StringIO(),
    )
    user = User.objects.get(email="digital@speyer.de")
    assert OrganizationMember.objects.get(user=user).role == "editor"
    assert user.coordinated_networks.get().network.slug == "ikone-ds"
    assert not user.has_usable_password()


def test_only_org_admins_change_roles_and_the_change_is_audited():
    town = MunicipalityFactory()
    admin = User.objects.create_user(email="admin@town.de")
    editor = User.objects.create_user(email="editor@town.de")
    OrganizationMember.objects.create(user=admin, organization=town, role="orgadmin")
    OrganizationMember.objects.create(user=editor, organization=town, role="editor")
    newcomer = User.objects.create_user(email="new@town.de")

    with pytest.raises(policy.PermissionDenied):
        organization_role_set(actor=Actor.of(editor), user=newcomer, organization=town, role="viewer")
    organization_role_set(actor=Actor.of(admin), user=newcomer, organization=town, role="viewer")

    record = ChangeRecord.objects.get(object_type="organizations.organization", action="update")
    assert record.changes == {"Rolle von new@town.de": [None, "viewer"]}
    assert record.actor_label == str(admin)


def test_policy_rules():
    a, b = MunicipalityFactory(), MunicipalityFactory()
    network = NetworkFactory()
    MembershipFactory(network=network, organization=a)
    editor = User.objects.create_user(email="e@a.de")
    OrganizationMember.objects.create(user=editor, organization=a, role="editor")
    viewer = User.objects.create_user(email="v@a.de")
    OrganizationMember.objects.create(user=viewer, organization=a, role="viewer")
    staff = User.objects.create_user(email="s@x.de", is_staff=True)

    assert policy.can_edit_organization_data(editor, a.pk)
    assert not policy.can_edit_organization_data(editor, b.pk)
    assert not policy.can_edit_organization_data(viewer, a.pk)
    assert policy.can_edit_organization_data(staff, b.pk)
    assert not policy.can_coordinate(editor, network.pk)
    assert not policy.can_edit_organization_data(None, a.pk)
    with pytest.raises(policy.NotAuthenticated):
        policy.require(False, None)


def test_logins_are_recorded():
    user = User.objects.create_user(email="login@example.org", password="ein-sehr-langes-passwort")
    client = Client()
    assert client.login(email="login@example.org", password="ein-sehr-langes-passwort")
    record = ChangeRecord.objects.get(action="login")
    assert record.actor == user
