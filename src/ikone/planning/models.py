"""Allocation planning: member capacities and Themenfeld preferences, the coordinator's service
overrides, and plans with their (adjustable) assignments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ikone.planning.choices import PERIOD_PATTERN, PlanStatus, PreferenceChoice

period_validator = RegexValidator(PERIOD_PATTERN, _("Zeitraum im Format JJJJ-H1 oder JJJJ-H2."))


class MemberCapacity(models.Model):
    """Person-days a member can give its network's shared work in one planning period."""

    network = models.ForeignKey(
        "organizations.Network", verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Mitglied"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("Planungszeitraum"), max_length=7, validators=[period_validator])
    person_days = models.PositiveIntegerField(
        _("Kapazität (Personentage)"), validators=[MaxValueValidator(10000)]
    )
    note = models.CharField(_("Notiz"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Kapazität eines Mitglieds")
        verbose_name_plural = _("Kapazitäten der Mitglieder")
        ordering = ["network", "period", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization", "period"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.period}: {self.person_days} PT"


class ThemenfeldPreference(models.Model):
    """A member's competence or preference for the services of one Themenfeld."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Mitglied"), on_delete=models.CASCADE, related_name="+"
    )
    themenfeld = models.ForeignKey(
        "ozg.Themenfeld", verbose_name=_("Themenfeld"), on_delete=models.CASCADE, related_name="+"
    )
    preference = models.SmallIntegerField(_("Präferenz"), choices=PreferenceChoice.choices)

    class Meta:
        verbose_name = _("Präferenz für ein Themenfeld")
        verbose_name_plural = _("Präferenzen für Themenfelder")
        ordering = ["organization", "themenfeld"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "themenfeld"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.themenfeld_id}: {self.preference}"


class ServiceOverride(models.Model):
    """The coordinator's effort estimate and weight for one OZG-Leistung in a network."""

    network = models.ForeignKey(
        "organizations.Network", verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.CASCADE, related_name="+"
    )
    effort_days = models.PositiveIntegerField(
        _("Aufwand (Personentage)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_("Multipliziert die Priorität; 0 nimmt die Leistung aus der Planung."),
    )

    class Meta:
        verbose_name = _("Planungsangabe zu einer OZG-Leistung")
        verbose_name_plural = _("Planungsangaben zu OZG-Leistungen")
        ordering = ["network", "service"]
        constraints = [
            models.UniqueConstraint(fields=["network", "service"], name="%(app_label)s_%(class)s_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network_id}/{self.service_id}"


class Plan(models.Model):
    """One computed allocation plan of a network for a period.

    `instance` is the solver input as computed (members, services, parameters), so that changes to
    the plan are re-checked against exactly the data the plan was made from.
    """

    network = models.ForeignKey(
        "organizations.Network", verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("Planungszeitraum"), max_length=7, validators=[period_validator])
    status = models.CharField(_("Stand"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    parameters = models.JSONField(_("Parameter"), default=dict)
    instance = models.JSONField(_("Eingabe"), default=dict)
    solver_status = models.CharField(_("Ergebnis des Lösers"), max_length=20)
    objective = models.FloatField(_("Zielwert (abgedeckte Priorität)"))
    bound = models.FloatField(_("Schranke"))
    gap = models.FloatField(_("Optimalitätslücke"))
    seconds = models.FloatField(_("Rechenzeit (s)"))
    greedy_objective = models.FloatField(_("Zielwert der einfachen Heuristik"), default=0)
    created_at = models.DateTimeField(_("berechnet am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(_("berechnet von"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by_label = models.CharField(_("angenommen von"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Verteilungsplan")
        verbose_name_plural = _("Verteilungspläne")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "-created_at"], name="planning_plan_network_time")]

    def __str__(self) -> str:
        return f"Verteilungsplan {self.pk} ({self.period})"


class PlanAssignment(models.Model):
    """One OZG-Leistung given to one member by a plan (the coordinator may change or remove it)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("Plan"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Mitglied"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.PROTECT, related_name="+"
    )
    effort_days = models.PositiveIntegerField(_("Aufwand (Personentage)"))
    reason = models.TextField(_("Begründung"))
    adjusted = models.BooleanField(_("von der Koordination geändert"), default=False)
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("Übernahme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Zuteilung")
        verbose_name_plural = _("Zuteilungen")
        ordering = ["plan", "organization__short_name", "service__ozg_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "service"], name="%(app_label)s_%(class)s_unique_service")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.service_id}"
