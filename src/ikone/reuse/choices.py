from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptionState(models.TextChoices):
    INTERESTED = "interested", _("interessiert")
    EVALUATING = "evaluating", _("in Prüfung")
    PILOT = "pilot", _("Pilotbetrieb")
    PRODUCTION = "production", _("in Produktion")
    ENDED = "ended", _("beendet")


class OperatorModel(models.TextChoices):
    SELF_HOSTED = "self_hosted", _("selbst betrieben")
    IT_PROVIDER = "it_provider", _("durch IT-Dienstleister")
    OWNER_SAAS = "owner_saas", _("als Dienst der Eigentümerin (SaaS)")
    EFA_MARKETPLACE = "efa_marketplace", _("über den EfA-Marktplatz")


class Origin(models.TextChoices):
    """Where a record comes from: entered by people, demo data, or the synthetic generator."""

    MANUAL = "manual", _("erfasst")
    DEMO = "demo", _("Demodaten")
    SYNTHETIC = "synthetic", _("synthetisch")


class ReportVisibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    NETWORK = "network", _("nur in den Netzwerken der berichtenden Organisation")


class LinkKind(models.TextChoices):
    """How the owners relate two solutions that look alike (near-duplicates)."""

    SAME_AS = "same_as", _("dieselbe Lösung")
    VARIANT = "variant", _("Variante")
    SUPERSEDED_BY = "superseded_by", _("abgelöst durch")
    DISTINCT = "distinct", _("verschiedene Lösungen")


# The order of the active states: an adoption moves forward to any later state, back one step,
# ends from any state (with a reason) and may restart from "ended" as "interested".
ACTIVE_ORDER: tuple[str, ...] = (
    AdoptionState.INTERESTED,
    AdoptionState.EVALUATING,
    AdoptionState.PILOT,
    AdoptionState.PRODUCTION,
)
