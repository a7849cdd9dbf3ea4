"""A demo join request to IKONE-DS (message "Demodaten: …"), so that the coordinator has a
request to decide on. Written through the membership service (audited); idempotent: nothing is
asked again once the town has any request for the network, or is a member."""

from __future__ import annotations

from django.db import transaction

from ikone.core.audit import Actor
from ikone.organizations.choices import Level
from ikone.organizations.membership import network_join_request
from ikone.organizations.models import MembershipRequest, Network, NetworkMembership, Organization

JOIN_REQUEST_AGS = "07316000"  # Neustadt an der Weinstraße
JOIN_REQUEST_MESSAGE = (
    "Demodaten: Wir möchten die Sperrmüll-Anmeldung nachnutzen und uns an der arbeitsteiligen "
    "OZG-Umsetzung beteiligen."
)


@transaction.atomic
def load_demo_requests(*, actor: Actor, network: Network) -> int:
    """Returns how many requests were created (0 or 1)."""
    town = Organization.objects.filter(level=Level.GEMEINDE, ags=JOIN_REQUEST_AGS).first()
    if town is None:
        return 0
    if (
        MembershipRequest.objects.filter(network=network, organization=town).exists()
        or NetworkMembership.objects.filter(network=network, organization=town).exists()
    ):
        return 0
    network_join_request(actor=actor, network=network, organization=town, message=JOIN_REQUEST_MESSAGE)
    return 1
