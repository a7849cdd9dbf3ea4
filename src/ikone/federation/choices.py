from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedKind(models.TextChoices):
    """What a tombstone stands for: the kinds of items the federation feeds publish."""

    SOLUTION = "solution", _("Lösung")
    ADOPTION = "adoption", _("Nachnutzung")
    REPORT = "report", _("Erfahrungsbericht")
