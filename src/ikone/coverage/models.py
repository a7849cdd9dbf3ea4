"""OZG coverage: which organisation offers which OZG-Leistung at which Reifegrad, with its history.

`ServiceStatus` is the current state per organisation and OZG-Leistung, `LeikaStatus` the optional
finer state per LeiKa key (the OZG-Leistung's level is then derived from it), `StatusChange` the
full history. The `*Count` tables are incremental aggregates the services update in the same
transaction as every status write; the dashboards read only those (never a scan of all statuses).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.coverage.choices import AreaScope, StatusSource


class StatusFields(models.Model):
    """What organisations report about one service: level in a model version and the details."""

    model = models.ForeignKey(
        "ozg.MaturityModel",
        verbose_name=_("Reifegradmodell"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    level = models.PositiveSmallIntegerField(_("Reifegrad"))
    online_since = models.DateField(_("online seit"), null=True, blank=True)
    url = models.URLField(_("Adresse des Online-Dienstes"), max_length=500, blank=True)
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("eingesetzte Lösung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("Notiz"), blank=True)
    source = models.CharField(
        _("Herkunft"), max_length=20, choices=StatusSource.choices, default=StatusSource.SELF_REPORTED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geändert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    updated_by_label = models.CharField(_("geändert von (Name)"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("geändert am"))

    class Meta:
        abstract = True


class ServiceStatus(StatusFields):
    """The Reifegrad an organisation reached for one OZG-Leistung (in a named model version)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="service_statuses",
        db_index=False,  # covered by the unique (organization, service) index
    )
    service = models.ForeignKey(
        "ozg.Service",
        verbose_name=_("OZG-Leistung"),
        on_delete=models.PROTECT,
        related_name="statuses",
        db_index=False,  # covered by the (service, level) index
    )
    derived_from_leika = models.BooleanField(
        _("aus LeiKa-Leistungen abgeleitet"),
        default=False,
        help_text=_("Der Reifegrad ist die niedrigste Stufe der erfassten LeiKa-Leistungen."),
    )

    class Meta:
        verbose_name = _("Umsetzungsstand")
        verbose_name_plural = _("Umsetzungsstände")
        ordering = ["organization", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "service"], name="%(app_label)s_%(class)s_unique_org_service"
            ),
            models.CheckConstraint(condition=Q(level__lte=7), name="%(app_label)s_%(class)s_level_range"),
        ]
        indexes = [models.Index(fields=["service", "level"], name="coverage_status_service_level")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.service_id}: Stufe {self.level}"


class LeikaStatus(StatusFields):
    """The Reifegrad of one LeiKa-Leistung at an organisation (optional, finer than the OZG-Leistung)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="leika_statuses",
        db_index=False,
    )
    leika_service = models.ForeignKey(
        "ozg.LeikaService", verbose_name=_("LeiKa-Leistung"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Umsetzungsstand einer LeiKa-Leistung")
        verbose_name_plural = _("Umsetzungsstände der LeiKa-Leistungen")
        ordering = ["organization", "leika_service"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "leika_service"], name="%(app_label)s_%(class)s_unique_org_leika"
            ),
            models.CheckConstraint(condition=Q(level__lte=7), name="%(app_label)s_%(class)s_level_range"),
        ]
        indexes = [models.Index(fields=["organization", "service"], name="coverage_leika_org_service")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.leika_service_id}: Stufe {self.level}"


class StatusChange(models.Model):
    """One change of a status: who, when, old → new (written by the services with the change)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.CASCADE, related_name="+"
    )
    leika_service = models.ForeignKey(
        "ozg.LeikaService",
        verbose_name=_("LeiKa-Leistung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("Zeitpunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("Akteur"), max_length=200)
    source = models.CharField(_("Herkunft"), max_length=20, choices=StatusSource.choices)
    old_level = models.PositiveSmallIntegerField(_("bisherige Stufe"), null=True, blank=True)
    old_model = models.CharField(_("bisheriges Modell"), max_length=10, blank=True)
    new_level = models.PositiveSmallIntegerField(_("neue Stufe"))
    new_model = models.CharField(_("neues Modell"), max_length=10)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Änderung des Umsetzungsstands")
        verbose_name_plural = _("Änderungen des Umsetzungsstands")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["organization", "-changed_at"], name="coverage_change_org_time")]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.old_level} → {self.new_level}"


class OrganizationThemenfeldCount(models.Model):
    """Incremental aggregate: how many OZG-Leistungen of a Themenfeld an organisation has per level."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    themenfeld = models.ForeignKey("ozg.Themenfeld", on_delete=models.CASCADE, related_name="+")
    model = models.ForeignKey("ozg.MaturityModel", on_delete=models.CASCADE, related_name="+", db_index=False)
    level = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Zählung je Organisation und Themenfeld")
        verbose_name_plural = _("Zählungen je Organisation und Themenfeld")
        ordering = ["organization", "themenfeld", "model", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "themenfeld", "model", "level"],
                name="%(app_label)s_%(class)s_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.themenfeld_id}/{self.model_id}/{self.level}: {self.count}"


class AreaServiceCount(models.Model):
    """Incremental aggregate: how many municipalities of an area offer a service at each level."""

    scope = models.CharField(max_length=10, choices=AreaScope.choices)
    area_key = models.CharField(max_length=5, blank=True)
    service = models.ForeignKey("ozg.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    model = models.ForeignKey("ozg.MaturityModel", on_delete=models.CASCADE, related_name="+", db_index=False)
    level = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Zählung je Gebiet und OZG-Leistung")
        verbose_name_plural = _("Zählungen je Gebiet und OZG-Leistung")
        ordering = ["scope", "area_key", "service", "model", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "area_key", "service", "model", "level"],
                name="%(app_label)s_%(class)s_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.area_key}/{self.service_id}/{self.model_id}/{self.level}: {self.count}"


class SolutionUsageCount(models.Model):
    """Incremental aggregate: how many organisations use a solution for a service, per level."""

    service = models.ForeignKey("ozg.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    solution = models.ForeignKey("catalog.Solution", on_delete=models.CASCADE, related_name="+")
    model = models.ForeignKey("ozg.MaturityModel", on_delete=models.CASCADE, related_name="+", db_index=False)
    level = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Zählung je Lösung und OZG-Leistung")
        verbose_name_plural = _("Zählungen je Lösung und OZG-Leistung")
        ordering = ["service", "solution", "model", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "solution", "model", "level"], name="%(app_label)s_%(class)s_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.solution_id}/{self.model_id}/{self.level}: {self.count}"


class Revision(models.Model):
    """One row whose token changes with every write the coverage API responses depend on.

    The key of the per-process response cache (`coverage.cache`); rewritten in the writer's
    transaction, so a reader sees the new token exactly when it sees the new data."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("Stand der Umsetzungsdaten")
        verbose_name_plural = _("Stände der Umsetzungsdaten")

    def __str__(self) -> str:
        return self.token
