"""Costs of shared solutions and network projects, cost-sharing agreements with versioned keys, and
funding programmes ("Förderprogramme")."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ikone.costs.choices import CHARGEABLE_KINDS, ONE_OFF_KINDS, AgreementStatus, CostKind, KeyKind, Measure
from ikone.costs.computations import funding


class FundingProgramme(models.Model):
    """A funding programme that pays (part of) a network's costs."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="funding_programmes",
    )
    name = models.CharField(_("Name"), max_length=200)
    funder = models.CharField(_("Fördermittelgeber"), max_length=200)
    amount_eur = models.DecimalField(_("Fördersumme (EUR)"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    funding_rate = models.DecimalField(
        _("Förderquote (%)"), max_digits=5, decimal_places=2, help_text=_("Anteil der förderfähigen Kosten")
    )
    eligible_kinds = models.JSONField(_("förderfähige Kostenarten"), default=list, blank=True)
    reporting_duties = models.TextField(_("Berichtspflichten"), blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    claims = models.ManyToManyField(
        "claims.Claim",
        verbose_name=_("geförderte Übernahmen"),
        blank=True,
        related_name="funding_programmes",
    )

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["network", "starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(funding_rate__gte=0) & Q(funding_rate__lte=100),
                name="%(app_label)s_%(class)s_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="%(app_label)s_%(class)s_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CostItem(models.Model):
    """One cost: one-off (development, introduction, migration) or recurring (operation, licences,
    hosting, support, further development), exact to the cent, for a year."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="cost_items",
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_items",
    )
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("Übernahme (Netzwerkprojekt)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_items",
    )
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("Förderprogramm"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="cost_items",
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    kind = models.CharField(_("Kostenart"), max_length=30, choices=CostKind.choices)
    amount_eur = models.DecimalField(_("Betrag (EUR)"), max_digits=14, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    incurred_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("getragen von"),
        on_delete=models.PROTECT,
        related_name="cost_items",
    )
    evidence = models.CharField(_("Quelle / Nachweis"), max_length=500, blank=True)
    chargeable_for_reuse = models.BooleanField(_("bei Nachnutzung (EfA) umlagefähig"), default=False)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Kostenpositionen")
        ordering = ["network", "year", "solution", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="%(app_label)s_%(class)s_year_range"
            ),
            models.CheckConstraint(
                condition=Q(chargeable_for_reuse=False) | Q(kind__in=sorted(CHARGEABLE_KINDS)),
                name="%(app_label)s_%(class)s_only_operating_costs_chargeable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year}): {self.amount_eur} EUR"

    @property
    def is_one_off(self) -> bool:
        return self.kind in ONE_OFF_KINDS

    @property
    def programme_funds_kind(self) -> bool:
        """Whether the linked programme funds this kind of cost (False without a programme)."""
        return self.programme is not None and funding.is_eligible(
            self.kind, self.programme.eligible_kinds or []
        )


class CostAgreement(models.Model):
    """How the members of a network share the costs of a solution, of a network project (a claim) or the
    network's own costs in a period. The key is versioned (`CostKey`); the newest version applies."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="cost_agreements",
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_agreements",
    )
    claim = models.ForeignKey(
        "claims.Claim",
        verbose_name=_("Übernahme (Netzwerkprojekt)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_agreements",
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    status = models.CharField(
        _("Stand"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("freigegeben von"), null=True, blank=True, on_delete=models.SET_NULL
    )
    signed_by_label = models.CharField(_("freigegeben von (Name)"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Kostenteilungsvereinbarung")
        verbose_name_plural = _("Kostenteilungsvereinbarungen")
        ordering = ["network", "-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="%(app_label)s_%(class)s_period_order"
            ),
            models.CheckConstraint(
                condition=Q(solution__isnull=True) | Q(claim__isnull=True),
                name="%(app_label)s_%(class)s_solution_or_claim",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A member taking part in an agreement, from `joined_on` to `left_on` (empty: the whole period)."""

    agreement = models.ForeignKey(
        CostAgreement, verbose_name=_("Vereinbarung"), on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Mitglied"),
        on_delete=models.PROTECT,
        related_name="cost_participations",
    )
    joined_on = models.DateField(_("dabei ab"), null=True, blank=True)
    left_on = models.DateField(_("dabei bis"), null=True, blank=True)
    usage = models.PositiveIntegerField(
        _("Nutzung im Zeitraum"), null=True, blank=True, help_text=_("Fallzahlen oder Nachnutzungen")
    )
    fixed_percent = models.DecimalField(
        _("fester Anteil (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("Teilnehmer einer Kostenteilung")
        verbose_name_plural = _("Teilnehmer von Kostenteilungen")
        ordering = ["agreement", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="%(app_label)s_%(class)s_unique_member"
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True)
                | Q(left_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="%(app_label)s_%(class)s_period_order",
            ),
            models.CheckConstraint(
                condition=Q(fixed_percent__isnull=True)
                | (Q(fixed_percent__gte=0) & Q(fixed_percent__lte=100)),
                name="%(app_label)s_%(class)s_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.agreement}"


class CostKey(models.Model):
    """One version of an agreement's key, with the date it was agreed. Versions are never changed."""

    agreement = models.ForeignKey(
        CostAgreement, verbose_name=_("Vereinbarung"), on_delete=models.CASCADE, related_name="keys"
    )
    version = models.PositiveIntegerField(_("Version"))
    kind = models.CharField(_("Schlüssel"), max_length=20, choices=KeyKind.choices)
    weight_population = models.DecimalField(
        _("Gewicht Einwohnerzahl"), max_digits=5, decimal_places=4, default=0
    )
    weight_usage = models.DecimalField(_("Gewicht Nutzung"), max_digits=5, decimal_places=4, default=0)
    weight_equal = models.DecimalField(
        _("Gewicht gleiche Anteile"), max_digits=5, decimal_places=4, default=0
    )
    variable_measure = models.CharField(
        _("variabler Anteil nach"), max_length=20, choices=Measure.choices, default=Measure.POPULATION
    )
    base_fee_eur = models.DecimalField(
        _("Grundbetrag je Mitglied (EUR)"), default=0, max_digits=14, decimal_places=2
    )
    cap_eur = models.DecimalField(
        _("Höchstbetrag je Mitglied (EUR)"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    minimum_eur = models.DecimalField(
        _("Mindestbetrag je Mitglied (EUR)"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    agreed_on = models.DateField(_("vereinbart am"))
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Kostenschlüssel")
        verbose_name_plural = _("Kostenschlüssel")
        ordering = ["agreement", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(weight_population__gte=0) & Q(weight_usage__gte=0) & Q(weight_equal__gte=0),
                name="%(app_label)s_%(class)s_weights_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(base_fee_eur__gte=0)
                & (Q(cap_eur__isnull=True) | Q(cap_eur__gte=0))
                & (Q(minimum_eur__isnull=True) | Q(minimum_eur__gte=0)),
                name="%(app_label)s_%(class)s_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} (Version {self.version})"


class SavingsAssumptions(models.Model):
    """The network's assumptions for the savings estimate, used where nothing better is recorded."""

    network = models.OneToOneField(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="savings_assumptions",
    )
    build_alone_eur = models.DecimalField(
        _("Kosten, eine Lösung allein zu bauen (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("80000.00"),
        help_text=_("wenn die Eigentümerin keine einmaligen Kosten erfasst hat"),
    )
    introduction_eur = models.DecimalField(
        _("eigener Einführungsaufwand je Nachnutzung (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("5000.00"),
        help_text=_("wenn kein Erfahrungsbericht mit einmaligen Kosten vorliegt"),
    )
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Annahmen der Einsparungsschätzung")
        verbose_name_plural = _("Annahmen der Einsparungsschätzung")
        ordering = ["network"]
        constraints = [
            models.CheckConstraint(
                condition=Q(build_alone_eur__gte=0) & Q(introduction_eur__gte=0),
                name="%(app_label)s_%(class)s_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Annahmen {self.network}"


class BuildAloneEstimate(models.Model):
    """The network's estimate of what building a solution for one OZG-Leistung alone costs; used in
    the savings estimate for solutions whose owner recorded no one-off costs, before the network's
    general assumption."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="build_alone_estimates",
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.CASCADE, related_name="+"
    )
    amount_eur = models.DecimalField(_("Kosten, allein zu bauen (EUR)"), max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Schätzung je OZG-Leistung")
        verbose_name_plural = _("Schätzungen je OZG-Leistung")
        ordering = ["network", "service__ozg_id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "service"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.service_id} {self.amount_eur} EUR"
