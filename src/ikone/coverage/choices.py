from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusSource(models.TextChoices):
    SELF_REPORTED = "self_reported", _("Selbstauskunft")
    IMPORTED = "imported", _("importiert")
    ADOPTION = "adoption", _("Nachnutzung")
    CLAIM = "claim", _("Übernahme im Netzwerk geliefert")
    DERIVED = "derived", _("aus LeiKa-Leistungen abgeleitet")
    SYNTHETIC = "synthetic", _("synthetisch (Lasttest)")
    DEMO = "demo", _("Demodaten")


class AreaScope(models.TextChoices):
    NATIONAL = "national", _("bundesweit")
    LAND = "land", _("Land")
    KREIS = "kreis", _("Kreis")


# Thresholds of model 1.1 the dashboards use (the federal dashboard's "online" and OZG compliance).
ONLINE_LEVEL = 2
COMPLIANT_LEVEL = 3
DASHBOARD_MODEL = "1.1"
