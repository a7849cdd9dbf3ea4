import pytest
from django.test import Client

from ikone.accounts.models import User
from ikone.notifications.models import Webhook

from .helpers import publish_adoption


@pytest.mark.parametrize(
    "path",
    [
        "notifications/event",
        "notifications/notification",
        "notifications/subscription",
        "notifications/webhook",
        "notifications/webhookdelivery",
    ],
)
def test_staff_browse_notifications_read_only_and_never_see_webhook_secrets(cast, path):
    webhook = Webhook.objects.create(organization=cast.owner_org, url="https://hooks.example.org/x")
    publish_adoption(cast)
    client = Client()
    client.force_login(User.objects.create_superuser(email="admin@example.org", password="x"))
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 403
    assert (
        webhook.secret
        not in client.get(f"/admin/notifications/webhook/{webhook.pk}/change/").content.decode()
    )
