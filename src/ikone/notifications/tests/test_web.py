import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from ikone.catalog.choices import Visibility
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.notifications import services
from ikone.notifications.models import Channel, Notification, Preference, Subscription, Webhook

from .conftest import SYSTEM
from .helpers import publish_adoption

ATOM = "{http://www.w3.org/2005/Atom}"


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def test_subscribe_and_unsubscribe_buttons_on_the_solution_page(cast):
    client = signed_in(cast.subscriber)
    page = f"/loesungen/{cast.solution.slug}/"
    assert "Abonnieren" in client.get(page).content.decode()
    response = client.post(
        "/benachrichtigungen/abonnieren/", {"kind": "solution", "key": cast.solution.slug, "next": page}
    )
    assert response.status_code == 302
    assert response["Location"] == page
    assert Subscription.objects.filter(user=cast.subscriber, solution=cast.solution).exists()
    assert "Abbestellen" in client.get(page).content.decode()
    client.post("/benachrichtigungen/abbestellen/", {"kind": "solution", "key": cast.solution.slug})
    assert not Subscription.objects.filter(user=cast.subscriber).exists()
    assert ChangeRecord.objects.filter(object_type="notifications.subscription").count() == 2


@pytest.mark.parametrize(
    ("path", "kind", "key"),
    [("/ozg/10200/", "service", "10200"), ("/kommunen/07312000/", "organization", "07312000")],
)
def test_other_pages_have_the_button_too(cast, path, kind, key):
    client = signed_in(cast.subscriber)
    assert f'value="{kind}"' in client.get(path).content.decode()
    client.post("/benachrichtigungen/abonnieren/", {"kind": kind, "key": key})
    assert Subscription.objects.filter(user=cast.subscriber).count() == 1


def test_network_page_offers_subscription_and_the_public_feed(cast):
    html = signed_in(cast.subscriber).get("/netzwerke/ikone-ds/").content.decode()
    assert 'value="network"' in html
    assert "/netzwerke/ikone-ds/neuigkeiten.atom" in html


def test_nobody_subscribes_to_a_solution_they_cannot_see(cast):
    hidden = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(url="https://git.example.org/kl/entwurf", name="Entwurf"),
        owner=cast.owner_org,
        visibility=Visibility.DRAFT,
    ).solution
    response = signed_in(cast.outsider).post(
        "/benachrichtigungen/abonnieren/", {"kind": "solution", "key": hidden.slug}
    )
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_header_shows_unread_count_and_inbox_marks_read(cast):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    publish_adoption(cast)
    client = signed_in(cast.subscriber)
    assert "Benachrichtigungen (1 ungelesen)" in client.get("/").content.decode()
    inbox = client.get("/konto/benachrichtigungen/").content.decode()
    assert "Landau in der Pfalz nutzt" in inbox
    client.post("/konto/benachrichtigungen/")
    assert not Notification.objects.filter(
        user=cast.subscriber, channel=Channel.IN_APP, read_at=None
    ).exists()
    assert "ungelesen)" not in client.get("/").content.decode()


def test_preferences_and_webhooks_on_the_settings_page(cast, settings):
    client = signed_in(cast.subscriber)
    assert client.get("/konto/benachrichtigungen/einstellungen/").status_code == 200
    client.post("/konto/benachrichtigungen/einstellungen/", {"email_mode": "daily", "own_gaps": "on"})
    preference = Preference.objects.get(user=cast.subscriber)
    assert (preference.email_mode, preference.own_gaps) == ("daily", True)
    response = client.post("/konto/benachrichtigungen/webhooks/neu/", {"url": "http://10.0.0.1/x"})
    assert "internen Netz" in response.content.decode() or "https" in response.content.decode()
    response = client.post(
        "/konto/benachrichtigungen/webhooks/neu/",
        {"url": "https://hooks.example.org/ikone", "description": "CI"},
    )
    webhook = Webhook.objects.get(user=cast.subscriber)
    assert webhook.secret in response.content.decode()  # shown once, on creation
    assert webhook.secret not in client.get("/konto/benachrichtigungen/einstellungen/").content.decode()
    assert client.get(f"/konto/benachrichtigungen/webhooks/{webhook.pk}/").status_code == 200
    assert (
        signed_in(cast.outsider).get(f"/konto/benachrichtigungen/webhooks/{webhook.pk}/").status_code == 403
    )
    client.post(f"/konto/benachrichtigungen/webhooks/{webhook.pk}/loeschen/")
    assert not Webhook.objects.exists()


def test_personal_feed_is_valid_atom_behind_a_revocable_secret_address(cast):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    publish_adoption(cast)
    client = signed_in(cast.subscriber)
    client.post("/konto/benachrichtigungen/feed/", {"action": "renew"})
    token = Preference.objects.get(user=cast.subscriber).feed_token
    response = Client().get(f"/benachrichtigungen/feed/{token}.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        f"Landau in der Pfalz nutzt {cast.solution.name}"
    ]
    assert all(e.find(f"{ATOM}id") is not None and e.find(f"{ATOM}updated") is not None for e in entries)
    client.post("/konto/benachrichtigungen/feed/", {"action": "renew"})
    assert Client().get(f"/benachrichtigungen/feed/{token}.atom").status_code == 404
    client.post("/konto/benachrichtigungen/feed/", {"action": "revoke"})
    assert Preference.objects.get(user=cast.subscriber).feed_token == ""
    assert Client().get("/benachrichtigungen/feed/.atom").status_code == 404


def test_network_feed_lists_only_public_events(cast):
    publish_adoption(cast, key="adoption.created:public")
    internal = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(url="https://git.example.org/kl/intern", name="Internes Werkzeug"),
        owner=cast.owner_org,
        network=cast.network,
        visibility=Visibility.NETWORK,
    ).solution
    response = Client().get("/netzwerke/ikone-ds/neuigkeiten.atom")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert f"Landau in der Pfalz nutzt {cast.solution.name}" in titles
    assert not any(internal.name in title for title in titles)


def test_api_subscriptions_notifications_and_webhooks(cast, settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    client = signed_in(cast.subscriber)
    response = client.post(
        "/api/v1/subscriptions",
        {"kind": "solution", "key": cast.solution.slug},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    subscription_id = response.json()["id"]
    assert response.json()["label"] == cast.solution.name
    subscriptions = client.get("/api/v1/subscriptions").json()
    assert subscriptions["count"] == 1
    assert subscriptions["items"][0]["key"] == cast.solution.slug
    hook = client.post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook"}, content_type="application/json"
    ).json()
    assert len(hook["secret"]) > 30
    publish_adoption(cast)
    page = client.get("/api/v1/notifications?unread=true").json()
    assert (page["count"], page["unread"]) == (1, 1)
    assert page["items"][0]["event"]["kind"] == "adoption.created"
    assert client.get("/api/v1/webhooks").json()["items"][0]["id"] == hook["id"]
    deliveries = client.get(f"/api/v1/webhooks/{hook['id']}/deliveries?limit=1").json()
    assert deliveries["count"] == 1
    assert deliveries["items"][0]["event_key"] == "adoption.created:1"
    too_large = client.post("/api/v1/notifications/read", {"ids": [2**70]}, content_type="application/json")
    assert too_large.status_code == 422  # not a 500 from the database driver (found by schemathesis)
    assert too_large.json()["errors"][0]["field"].startswith("ids")
    assert client.post("/api/v1/notifications/read", {}, content_type="application/json").json() == {
        "marked": 1
    }
    response = client.put(
        "/api/v1/notifications/preferences", {"email_mode": "weekly"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert signed_in(cast.outsider).delete(f"/api/v1/subscriptions/{subscription_id}").status_code == 403
    assert client.delete(f"/api/v1/subscriptions/{subscription_id}").status_code == 204
    assert Client().get("/api/v1/notifications").status_code == 401


def test_organisation_webhooks_are_for_its_admins_and_get_events_about_it(cast, settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    admin = cast.editor
    admin.org_roles.update(role="orgadmin")
    webhook, _secret = services.webhook_create(
        actor=Actor.of(admin), url="http://127.0.0.1:9/org", organization=cast.owner_org
    )
    with pytest.raises(Exception, match="Keine Berechtigung"):
        services.webhook_create(
            actor=Actor.of(cast.member), url="http://127.0.0.1:9/org", organization=cast.owner_org
        )
    publish_adoption(cast)
    assert webhook.deliveries.count() == 1


def test_unsubscribe_from_the_settings_page_only_for_ones_own_subscription(cast):
    subscription = Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    response = signed_in(cast.outsider).post(
        "/benachrichtigungen/abbestellen/", {"subscription": subscription.pk}
    )
    assert response.status_code == 403
    client = signed_in(cast.subscriber)
    assert (
        f"„{cast.solution.name}“ abbestellen"
        in client.get("/konto/benachrichtigungen/einstellungen/").content.decode()
    )
    client.post(
        "/benachrichtigungen/abbestellen/", {"subscription": subscription.pk, "next": "https://evil.example/"}
    )
    assert not Subscription.objects.exists()


def test_next_never_leads_off_site(cast):
    response = signed_in(cast.subscriber).post(
        "/benachrichtigungen/abonnieren/",
        {"kind": "network", "key": cast.network.slug, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/konto/benachrichtigungen/einstellungen/"
