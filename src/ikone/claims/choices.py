from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimState(models.TextChoices):
    PROPOSED = "proposed", _("vorgeschlagen")
    ACCEPTED = "accepted", _("angenommen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    DELIVERED = "delivered", _("geliefert")
    WITHDRAWN = "withdrawn", _("zurückgezogen")
    REJECTED = "rejected", _("abgelehnt")


class ClaimAction(models.TextChoices):
    ACCEPT = "accept", _("annehmen")
    START = "start", _("beginnen")
    DELIVER = "deliver", _("liefern")
    WITHDRAW = "withdraw", _("zurückziehen")
    REJECT = "reject", _("ablehnen")


class ClaimSource(models.TextChoices):
    MANUAL = "manual", _("von Hand angelegt")
    PLAN = "plan", _("aus dem Verteilungsplan")


class ConflictKind(models.TextChoices):
    CLAIMED = "claimed", _("schon übernommen")
    OFFERED = "offered", _("schon angeboten")
    CATALOG = "catalog", _("Lösung im Katalog")
    SIMILAR = "similar", _("ähnliche Lösung")


OPEN_STATES = frozenset({ClaimState.PROPOSED, ClaimState.ACCEPTED, ClaimState.IN_PROGRESS})
FINAL_STATES = frozenset({ClaimState.DELIVERED, ClaimState.WITHDRAWN, ClaimState.REJECTED})
