"""Claims ("Übernahmen"): a member of a network takes on an OZG-Leistung for the whole network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikone.claims.choices import OPEN_STATES, ClaimSource, ClaimState


class Claim(models.Model):
    """A member's promise to make an OZG-Leistung available for its network."""

    network = models.ForeignKey(
        "organizations.Network", verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="claims"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Mitglied"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    service = models.ForeignKey(
        "ozg.Service", verbose_name=_("OZG-Leistung"), on_delete=models.PROTECT, related_name="claims"
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("Lösung aus dem Katalog"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    new_solution_name = models.CharField(_("Name einer neuen Lösung"), max_length=200, blank=True)
    model = models.ForeignKey(
        "ozg.MaturityModel",
        verbose_name=_("Reifegradmodell"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    target_level = models.PositiveSmallIntegerField(_("Ziel-Reifegrad"))
    target_date = models.DateField(_("Zieltermin"), null=True, blank=True)
    effort_days = models.DecimalField(
        _("Aufwand (Personentage)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    partners = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("Mitfinanzierende"),
        blank=True,
        related_name="co_funded_claims",
    )
    contact = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    source = models.CharField(
        _("Herkunft"), max_length=10, choices=ClaimSource.choices, default=ClaimSource.MANUAL
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=ClaimState.choices, default=ClaimState.PROPOSED, db_index=True
    )
    state_changed_at = models.DateTimeField(_("Stand seit"), default=timezone.now)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_label = models.CharField(_("angelegt von (Name)"), max_length=200, blank=True)
    conflicts_accepted = models.JSONField(
        _("akzeptierte Überschneidungen"),
        default=list,
        blank=True,
        help_text=_("Schlüssel der Überschneidungen, die die Koordination bewusst akzeptiert hat."),
    )
    conflicts_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Überschneidungen akzeptiert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conflicts_accepted_by_label = models.CharField(
        _("Überschneidungen akzeptiert von (Name)"), max_length=200, blank=True
    )
    conflicts_accepted_at = models.DateTimeField(_("Überschneidungen akzeptiert am"), null=True, blank=True)
    conflicts_accepted_reason = models.TextField(_("Begründung der Koordination"), blank=True)

    class Meta:
        verbose_name = _("Übernahme")
        verbose_name_plural = _("Übernahmen")
        ordering = ["network", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ClaimState.DELIVERED) | Q(solution__isnull=False),
                name="%(app_label)s_%(class)s_delivered_has_solution",
            ),
            models.UniqueConstraint(
                fields=["network", "organization", "service"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="%(app_label)s_%(class)s_one_open_per_member",
            ),
        ]
        indexes = [models.Index(fields=["network", "state"], name="claims_network_state_idx")]

    def __str__(self) -> str:
        return f"{self.organization} übernimmt {self.service}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.target_date and self.target_date < timezone.localdate())

    @property
    def solution_label(self) -> str:
        return self.solution.name if self.solution_id and self.solution else self.new_solution_name


class ClaimTransition(models.Model):
    """One change of a claim's state: who, when, why."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("Übernahme"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("Aktion"), max_length=20)
    from_state = models.CharField(_("vorher"), max_length=20, choices=ClaimState.choices, blank=True)
    to_state = models.CharField(_("nachher"), max_length=20, choices=ClaimState.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("Akteur"), max_length=200)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("Statuswechsel einer Übernahme")
        verbose_name_plural = _("Statuswechsel von Übernahmen")
        ordering = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_state or '–'} → {self.to_state}"
