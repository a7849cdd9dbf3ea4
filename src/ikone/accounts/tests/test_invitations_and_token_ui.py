import re

import pytest
from django.core import mail
from django.test import Client

from ikone.accounts.models import ApiToken, OrganizationMember, User
from ikone.accounts.services import colleague_invite, token_create
from ikone.catalog.models import Solution
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_colleague_invitation_by_email_creates_the_account_with_the_role(django_capture_on_commit_callbacks):
    town = MunicipalityFactory(short_name="Katzenelnbogen")
    admin = User.objects.create_user(email="admin@katzenelnbogen.de")
    OrganizationMember.objects.create(user=admin, organization=town, role="orgadmin")
    client = Client()
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/konto/einladen/{town.pk}/",
            {
                f"org{town.pk}-email": "Neu@Katzenelnbogen.de",
                f"org{town.pk}-role": "editor",
                f"org{town.pk}-organization": town.pk,
            },
        )
    link = re.search(r"http://\S+/einladung/(\S+)/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    newcomer = Client()
    page = newcomer.get(f"/einladung/{link.group(1)}/")
    assert "Katzenelnbogen" in page.content.decode()
    too_short = newcomer.post(f"/einladung/{link.group(1)}/", {"password": "kurz"})
    assert too_short.status_code == 200
    assert not User.objects.filter(email="neu@katzenelnbogen.de").exists()
    done = newcomer.post(f"/einladung/{link.group(1)}/", {"password": "ein-sehr-langes-passwort"})
    assert done.status_code == 302
    user = User.objects.get(email="neu@katzenelnbogen.de")
    assert OrganizationMember.objects.get(user=user).role == "editor"
    assert newcomer.get(f"/einladung/{link.group(1)}/").status_code == 404  # used once


def test_only_org_admins_invite_colleagues():
    from ikone.accounts.policy import PermissionDenied

    town = MunicipalityFactory()
    editor = User.objects.create_user(email="editor@example.org")
    OrganizationMember.objects.create(user=editor, organization=town, role="editor")
    with pytest.raises(PermissionDenied):
        colleague_invite(actor=Actor.of(editor), organization=town, email="x@example.org", role="viewer")


def test_token_is_created_in_the_ui_shown_once_and_revocable():
    user = User.objects.create_user(email="it@example.org")
    client = Client()
    client.force_login(user)
    html = client.post(
        "/konto/", {"name": "Fachverfahren", "scope": "write", "expires": "30"}
    ).content.decode()
    raw = re.search(r'<code id="neues-token">(ikone_[^<]+)</code>', html).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write"
    assert raw not in client.get("/konto/").content.decode()
    client.post(f"/konto/tokens/{token.pk}/widerrufen/")
    assert Client().get("/api/v1/solutions", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_with_tokens_of_editors_of_two_towns_a_cross_organisation_write_is_refused_and_changes_nothing():
    speyer, trier = MunicipalityFactory(ags="07318000"), MunicipalityFactory(ags="07211000")
    tokens = {}
    for town in (speyer, trier):
        editor = User.objects.create_user(email=f"editor@{town.ags}.de")
        OrganizationMember.objects.create(user=editor, organization=town, role="editor")
        tokens[town.ags] = token_create(actor=Actor.system("test"), user=editor, name="api", scope="write")[1]
    solution = solution_import(actor=Actor.system("test"), content=publiccode_yaml(), owner=speyer).solution
    document = solution.document

    client = Client()
    foreign = client.put(
        f"/api/v1/solutions/{solution.slug}",
        {"document": {**document, "name": "Übernommen"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['07211000']}",
    )
    assert foreign.status_code == 403
    solution.refresh_from_db()
    assert solution.name == "Hundesteuer-Portal"

    own = client.put(
        f"/api/v1/solutions/{solution.slug}",
        {"document": {**document, "name": "Hundesteuer online"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['07318000']}",
    )
    assert own.status_code == 200
    anonymous = client.delete(f"/api/v1/solutions/{own.json()['slug']}")
    assert anonymous.status_code == 401
    assert Solution.objects.count() == 1
