"""The OZG catalog: Themenfelder, Lebens-/Geschäftslagen, OZG-Leistungen, LeiKa keys, Reifegrad models."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Themenfeld(models.Model):
    """One of the 14 subject areas of the OZG catalog."""

    source_id = models.PositiveIntegerField(_("Quell-ID"), unique=True)
    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lage(models.Model):
    """A Lebens- or Geschäftslage (life or business situation) within a Themenfeld."""

    source_id = models.PositiveIntegerField(_("Quell-ID"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    themenfeld = models.ForeignKey(
        Themenfeld, verbose_name=_("Themenfeld"), on_delete=models.PROTECT, related_name="lagen"
    )

    class Meta:
        verbose_name = _("Lebens-/Geschäftslage")
        verbose_name_plural = _("Lebens-/Geschäftslagen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EfaStatus(models.TextChoices):
    UNKNOWN = "", _("unbekannt")
    PLANNED = "planned", _("geplant")
    IN_DEVELOPMENT = "in_development", _("in Umsetzung")
    AVAILABLE = "available", _("nachnutzbar verfügbar")
    NOT_EFA = "not_efa", _("keine EfA-Leistung")


class Service(models.Model):
    """An OZG-Leistung: a bundle of administrative services, identified by its OZG-ID."""

    ozg_id = models.PositiveIntegerField(_("OZG-ID"), unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=300)
    themenfeld = models.ForeignKey(
        Themenfeld, verbose_name=_("Themenfeld"), on_delete=models.PROTECT, related_name="services"
    )
    lage = models.ForeignKey(Lage, verbose_name=_("Lage"), on_delete=models.PROTECT, related_name="services")
    lead = models.CharField(_("Federführung (Land/Bund)"), max_length=100, blank=True)
    efa_status = models.CharField(
        _("EfA-Status"), max_length=20, choices=EfaStatus.choices, blank=True, default=EfaStatus.UNKNOWN
    )

    class Meta:
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")
        ordering = ["ozg_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ozg_id})"


class LeikaService(models.Model):
    """A LeiKa (Leistungskatalog) service and the OZG-Leistung it belongs to.

    Some rows of the catalog carry no LeiKa key ("nicht im LeiKa"); they are identified by name and
    OZG-ID (and, where the catalog repeats both, by their order). 26 keys point to OZG-Leistungen missing from the snapshot and stay unlinked.
    """

    key = models.CharField(_("LeiKa-Schlüssel"), max_length=14, blank=True, db_index=True)
    name = models.CharField(_("Bezeichnung"), max_length=500)
    leika_type = models.CharField(_("LeiKa-Typ"), max_length=30, blank=True)
    legal_basis = models.TextField(_("Rechtsgrundlage(n)"), blank=True)
    laws = models.TextField(_("Gesetz(e)"), blank=True)
    law_abbreviations = models.CharField(_("Gesetzeskürzel"), max_length=500, blank=True)
    sdg1 = models.BooleanField(_("SDG1-relevant"), default=False)
    sdg2 = models.BooleanField(_("SDG2-relevant"), default=False)
    duplicate_index = models.PositiveSmallIntegerField(
        _("laufende Nummer gleichnamiger Einträge"),
        default=0,
        help_text=_("Unterscheidet Einträge ohne LeiKa-Schlüssel mit gleicher Bezeichnung und OZG-ID."),
    )
    source_ozg_id = models.PositiveIntegerField(_("zugeordnete OZG-ID"), null=True, blank=True)
    service = models.ForeignKey(
        Service,
        verbose_name=_("OZG-Leistung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leika_services",
    )

    class Meta:
        verbose_name = _("LeiKa-Leistung")
        verbose_name_plural = _("LeiKa-Leistungen")
        ordering = ["key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="%(app_label)s_%(class)s_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(key="") | Q(key__regex=r"^[0-9]{14}$"), name="%(app_label)s_%(class)s_key_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key or 'ohne LeiKa-Schlüssel'})"


class MaturityModel(models.Model):
    """A version of the OZG Reifegradmodell; every recorded maturity names its model."""

    version = models.CharField(_("Version"), max_length=10, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    compliant_from = models.PositiveSmallIntegerField(_("OZG-konform ab Stufe"), null=True, blank=True)
    source = models.TextField(_("Quelle"), blank=True)

    class Meta:
        verbose_name = _("Reifegradmodell")
        verbose_name_plural = _("Reifegradmodelle")
        ordering = ["version"]

    def __str__(self) -> str:
        return self.name


class MaturityLevel(models.Model):
    """One level (Stufe) of a maturity model."""

    model = models.ForeignKey(
        MaturityModel, verbose_name=_("Reifegradmodell"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("Stufe"))
    label = models.CharField(_("Bezeichnung"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    ozg_compliant = models.BooleanField(_("OZG-konform"), default=False)

    class Meta:
        verbose_name = _("Reifegradstufe")
        verbose_name_plural = _("Reifegradstufen")
        ordering = ["model", "level"]
        constraints = [
            models.UniqueConstraint(fields=["model", "level"], name="%(app_label)s_%(class)s_unique_level"),
        ]

    def __str__(self) -> str:
        return f"{self.model.version} – {self.level} {self.label}"
