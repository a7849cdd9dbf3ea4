"""Creating, editing and removing a harvest source on the pages: German errors at the field and
nothing saved for bad input, the same services (and audit) as the API, and a coordinator limited
to the networks they coordinate."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ikone.accounts.models import NetworkCoordinator, User
from ikone.core.audit import ChangeRecord
from ikone.core.testing.factories import NetworkFactory
from ikone.harvesting.models import HarvestSource

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "openCode",
    "slug": "opencode",
    "kind": "git_platform",
    "base_url": "https://gitlab.opencode.de/",
    "platform": "gitlab",
    "organization": "ozg",
    "follow_network": "",
    "network": "",
    "filter_lands": "07, 08",
    "filter_tags": "",
    "filter_services": "10200",
    "filter_licences": "EUPL-1.2",
    "trust_level": "high",
    "interval_minutes": "1440",
    "enabled": "on",
}


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_user("admin@example.org", password="x", is_staff=True))
    return client


def _errors(response: Any) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_a_source_is_created_with_its_filters_and_audited(admin_client: Client) -> None:
    response = admin_client.post(reverse("harvesting:source-create"), GOOD)
    assert response.status_code == 302, _errors(response)
    source = HarvestSource.objects.get()
    assert (source.kind, source.platform, source.organization, source.trust_level) == (
        "git_platform",
        "gitlab",
        "ozg",
        "high",
    )
    assert (source.filter_lands, source.filter_services, source.filter_licences) == (
        ["07", "08"],
        ["10200"],
        ["EUPL-1.2"],
    )
    assert source.next_run_at is not None
    assert ChangeRecord.objects.filter(object_id=str(source.pk), action=ChangeRecord.Action.CREATE).exists()
    listing = admin_client.get(reverse("harvesting:overview")).content.decode()
    assert "openCode" in listing
    assert reverse("harvesting:source-edit", args=["opencode"]) in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"base_url": "keine Adresse"}, "base_url", "Bitte eine gültige Adresse eingeben."),
        ({"base_url": "ftp://example.org/katalog"}, "base_url", "http- oder https-Adresse"),
        ({"organization": ""}, "organization", "Plattform und Organisation angeben"),
        ({"slug": "mit leerzeichen"}, "slug", "gültiges Kürzel"),
        ({"interval_minutes": "-5"}, "interval_minutes", "größer oder gleich 0"),
        ({"filter_tags": ", ".join(["x"] * 51)}, "filter_tags", "Höchstens 50 Einträge"),
        ({"filter_lands": "a" * 101}, "filter_lands", "höchstens 100 Zeichen"),
        ({"kind": "ftp"}, "kind", "gültige Auswahl"),
    ],
)
def test_bad_input_is_reported_at_the_field_in_german_and_nothing_is_saved(
    admin_client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    response = admin_client.post(reverse("harvesting:source-create"), {**GOOD, **changes})
    assert response.status_code == 200
    errors = _errors(response)
    assert any(message in text for text in errors.get(field, [])), errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not HarvestSource.objects.exists()


def test_a_taken_slug_is_reported_at_the_field(admin_client: Client) -> None:
    admin_client.post(reverse("harvesting:source-create"), GOOD)
    response = admin_client.post(reverse("harvesting:source-create"), {**GOOD, "name": "Zweite"})
    assert "Diesen Kurznamen hat schon eine andere Quelle." in _errors(response)["slug"]
    assert HarvestSource.objects.count() == 1


def test_a_source_is_edited_deactivated_and_removed(admin_client: Client) -> None:
    admin_client.post(reverse("harvesting:source-create"), GOOD)
    edit = reverse("harvesting:source-edit", args=["opencode"])
    page = admin_client.get(edit)
    assert page.status_code == 200
    assert page.context["form"].initial["filter_lands"] == "07, 08"
    changed = {**GOOD, "name": "openCode (Bund)", "filter_lands": ""}
    del changed["enabled"]
    response = admin_client.post(edit, changed)
    assert response.status_code == 302, _errors(response)
    source = HarvestSource.objects.get()
    assert (source.name, source.filter_lands, source.enabled, source.next_run_at) == (
        "openCode (Bund)",
        [],
        False,
        None,
    )
    assert "ausgeschaltet" in admin_client.get(reverse("harvesting:overview")).content.decode()
    bad = admin_client.post(edit, {**changed, "base_url": "javascript:alert(1)"})
    assert bad.status_code == 200
    assert HarvestSource.objects.get().base_url == "https://gitlab.opencode.de/"
    removed = admin_client.post(reverse("harvesting:source-delete", args=["opencode"]))
    assert removed.status_code == 302
    assert not HarvestSource.objects.exists()
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETE, object_id=str(source.pk)).exists()


def test_a_coordinator_chooses_only_networks_they_coordinate(client: Client) -> None:
    network, other = NetworkFactory(), NetworkFactory()
    user = User.objects.create_user("coord@example.org", password="x")
    NetworkCoordinator.objects.create(user=user, network=network)
    client.force_login(user)
    page = client.get(reverse("harvesting:source-create"))
    choices = [value for value, _label in page.context["form"].fields["network"].choices]
    assert choices == ["", network.slug]
    refused = client.post(reverse("harvesting:source-create"), {**GOOD, "network": other.slug})
    assert refused.status_code == 200
    assert "network" in _errors(refused)
    assert not HarvestSource.objects.exists()
    created = client.post(reverse("harvesting:source-create"), {**GOOD, "network": network.slug})
    assert created.status_code == 302
    assert HarvestSource.objects.get().network == network


def test_people_without_coordination_cannot_open_the_form(client: Client) -> None:
    client.force_login(User.objects.create_user("someone@example.org", password="x"))
    assert client.get(reverse("harvesting:source-create")).status_code == 403
    assert client.post(reverse("harvesting:source-create"), GOOD).status_code == 403
    assert not HarvestSource.objects.exists()
