from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.accounts.policy import is_platform_admin


def site(request: HttpRequest) -> dict[str, Any]:
    """Main navigation, with the current section marked."""
    items = [
        (_("Start"), reverse("web:home")),
        (_("Netzwerke"), reverse("organizations:network-list")),
        (_("Kommunen"), reverse("organizations:organization-list")),
        (_("Lösungen"), reverse("catalog:solution-list")),
        (_("OZG-Katalog"), reverse("ozg:service-list")),
        (_("Über die Daten"), reverse("web:about-data")),
    ]
    if is_platform_admin(getattr(request, "user", None)):
        items.append((_("Betrieb"), reverse("operations:overview")))
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": path == url or (url != "/" and path.startswith(url))}
            for label, url in items
        ]
    }
