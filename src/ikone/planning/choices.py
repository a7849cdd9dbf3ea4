import re

from django.db import models
from django.utils.translation import gettext_lazy as _

PERIOD_PATTERN = re.compile(r"^(20[0-9]{2})-(H1|H2)$")
DEFAULT_EFFORT_DAYS = 20  # network default effort of an OZG-Leistung without any estimate
LACKING_POINTS = 10  # priority per member without an online offer
DEMAND_POINTS = 2  # per person asking for it in a member town (proposal or support)
SDG_POINTS = 10  # SDG-relevant (EU Single Digital Gateway regulation)
MUNICIPAL_POINTS = 5  # executed by municipalities (LeiKa-Typ 2/3, 4 or 5)
MUNICIPAL_TYPES = ("2/3", "2", "3", "4", "5")


class PreferenceChoice(models.IntegerChoices):
    EXCLUDED = -1, _("ausgeschlossen")
    NEUTRAL = 0, _("keine Angabe")
    INTEREST = 1, _("Interesse")
    EXPERIENCE = 2, _("Erfahrung")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    ACCEPTED = "accepted", _("angenommen")
