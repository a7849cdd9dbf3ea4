import csv
import io

import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_change_records_carry_actor_request_id_object_and_field_diff():
    town = MunicipalityFactory()
    editor = User.objects.create_user(email="editor@example.org", is_staff=True)
    client = Client()
    client.force_login(editor)
    client.post(
        f"/api/v1/solutions/import?owner={town.ags}",
        publiccode_yaml(),
        content_type="application/yaml",
        HTTP_X_REQUEST_ID="req-4711",
    )
    record = ChangeRecord.objects.get(object_type="catalog.solution")
    assert record.actor == editor
    assert record.request_id == "req-4711"
    assert record.organization_id == town.pk
    assert record.changes["license"] == [None, "EUPL-1.2"]


def test_history_page_and_csv_export_list_the_changes_of_an_organisation():
    town = MunicipalityFactory()
    solution_import(actor=Actor.system("import"), content=publiccode_yaml(), owner=town)
    staff = Client()
    staff.force_login(User.objects.create_user(email="admin@example.org", is_staff=True))

    html = staff.get(f"/kommunen/{town.ags}/aenderungen/").content.decode()
    assert "Hundesteuer-Portal" in html
    assert "System: import" in html

    response = staff.get(f"/kommunen/{town.ags}/aenderungen/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Zeitpunkt", "Akteur", "Aktion"]
    assert rows[1][1] == "System: import"
    assert rows[1][2] == "angelegt"


def test_change_records_cannot_be_edited_in_the_admin():
    from django.contrib import admin

    model_admin = admin.site._registry[ChangeRecord]
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
    assert not model_admin.has_add_permission(None)
