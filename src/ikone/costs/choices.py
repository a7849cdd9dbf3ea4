from django.db import models
from django.utils.translation import gettext_lazy as _

from ikone.costs.computations import allocation


class CostKind(models.TextChoices):
    DEVELOPMENT = "development", _("Entwicklung")
    INTRODUCTION = "introduction", _("Einführung")
    MIGRATION = "migration", _("Migration")
    OPERATION = "operation", _("Betrieb")
    LICENCE = "licence", _("Lizenzen")
    HOSTING = "hosting", _("Hosting")
    SUPPORT = "support", _("Support")
    FURTHER_DEVELOPMENT = "further_development", _("Weiterentwicklung")


ONE_OFF_KINDS = frozenset({CostKind.DEVELOPMENT, CostKind.INTRODUCTION, CostKind.MIGRATION})
# Only operating costs (operation, licences, hosting, support) and further development may be charged
# to those who reuse a solution "Einer für Alle" (EfA); one-off costs may not.
CHARGEABLE_KINDS = frozenset(set(CostKind) - ONE_OFF_KINDS)


class KeyKind(models.TextChoices):
    EQUAL = allocation.EQUAL, _("gleiche Anteile")
    POPULATION = allocation.POPULATION, _("nach Einwohnerzahl")
    USAGE = allocation.USAGE, _("nach Nutzung")
    HYBRID = allocation.HYBRID, _("gewichtete Mischung")
    FIXED = allocation.FIXED, _("feste Prozentsätze")
    BASE_FEE = allocation.BASE_FEE, _("Grundbetrag plus variabler Anteil")


class Measure(models.TextChoices):
    POPULATION = allocation.POPULATION, _("Einwohnerzahl")
    USAGE = allocation.USAGE, _("Nutzung")
    EQUAL = allocation.EQUAL, _("gleiche Anteile")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SIGNED = "signed", _("freigegeben")
