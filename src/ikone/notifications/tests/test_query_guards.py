"""Query-count guards: a person's notifications, subscriptions, webhooks and deliveries (API and
pages) cost the same for more rows."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from ikone.accounts.models import OrganizationMember
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory, ServiceFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.notifications import services

from .conftest import SYSTEM, user
from .helpers import Receiver, publish_adoption

_keys = itertools.count(1)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _get(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


def _publish(cast, actor=None) -> None:
    publish_adoption(cast, key=f"adoption.created:{next(_keys)}", actor=actor)


def test_notifications_cost_the_same_queries_for_more(cast):
    services.subscribe(actor=Actor.of(cast.subscriber), user=cast.subscriber, target=cast.solution)
    _publish(cast)
    client = _client(cast.subscriber)

    def grow():
        for actor in (cast.member, cast.editor, None):
            _publish(cast, actor=actor)

    assert_constant_queries(lambda: _get(client, "/api/v1/notifications"), grow)
    assert_constant_queries(lambda: _get(client, "/konto/benachrichtigungen/"), grow)


def _targets(cast):
    number = next(_keys)
    solution = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(name=f"Lösung {number}", url=f"https://git.example.org/l/{number}"),
        owner=cast.owner_org,
    ).solution
    return [ServiceFactory(), solution, MunicipalityFactory(), NetworkFactory()]


def test_subscriptions_cost_the_same_queries_for_more(cast):
    person = cast.subscriber
    services.subscribe(actor=Actor.of(person), user=person, target=cast.solution)
    client = _client(person)

    def grow():
        for target in _targets(cast):
            services.subscribe(actor=Actor.of(person), user=person, target=target)

    assert_constant_queries(lambda: _get(client, "/api/v1/subscriptions"), grow)
    assert_constant_queries(lambda: _get(client, "/konto/benachrichtigungen/einstellungen/"), grow)


def test_webhooks_cost_the_same_queries_for_more(cast):
    admin = user("admin@kaiserslautern.de", cast.owner_org, role="orgadmin")
    OrganizationMember.objects.create(user=admin, organization=cast.reuser_org, role="orgadmin")
    services.webhook_create(actor=Actor.of(admin), url="https://hooks.example.org/1", user=admin)
    client = _client(admin)

    def grow():
        for number, organization in enumerate((None, cast.owner_org, cast.reuser_org), start=2):
            services.webhook_create(
                actor=Actor.of(admin),
                url=f"https://hooks.example.org/{number}",
                description=f"Hook {number}",
                user=None if organization else admin,
                organization=organization,
            )

    assert_constant_queries(lambda: _get(client, "/api/v1/webhooks"), grow)
    assert_constant_queries(lambda: _get(client, "/konto/benachrichtigungen/einstellungen/"), grow)


@pytest.fixture
def receiver(settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    settings.NOTIFICATIONS_WEBHOOK_TIMEOUT = 2
    with Receiver([500, 204]) as running:
        yield running


def test_deliveries_cost_the_same_queries_for_more(cast, receiver, django_capture_on_commit_callbacks):
    person = cast.subscriber
    services.subscribe(actor=Actor.of(person), user=person, target=cast.solution)
    webhook, _secret = services.webhook_create(actor=Actor.of(person), url=receiver.url, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        _publish(cast)
    client = _client(person)

    def grow():
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                _publish(cast)

    assert_constant_queries(lambda: _get(client, f"/api/v1/webhooks/{webhook.pk}/deliveries"), grow)
    assert webhook.deliveries.count() == 4
    assert_constant_queries(lambda: _get(client, f"/konto/benachrichtigungen/webhooks/{webhook.pk}/"), grow)
