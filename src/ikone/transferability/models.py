"""What publiccode.yml does not say about transferability (entered by the owner), and the stored
general score per solution that the catalog sorts and facets by."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ikone.catalog.models import Solution


class LegalScope(models.TextChoices):
    FEDERAL = "federal", _("ohne landesrechtlichen Bezug (Bundesrecht oder kein Rechtsbezug)")
    LAND = "land", _("setzt Landesrecht um")


class TransferabilityFacts(models.Model):
    """Platform-side facts of a solution, maintained by its owner. Empty / None = keine Angabe."""

    solution = models.OneToOneField(
        Solution, on_delete=models.CASCADE, related_name="transferability_facts", verbose_name=_("Lösung")
    )
    container = models.BooleanField(_("als Container lieferbar"), null=True, blank=True)
    saas = models.BooleanField(_("als Dienst (SaaS) nutzbar"), null=True, blank=True)
    on_premise = models.BooleanField(
        _("im eigenen Rechenzentrum (On-Premise) betreibbar"), null=True, blank=True
    )
    multi_tenant = models.BooleanField(_("mandantenfähig"), null=True, blank=True)
    personal_data = models.BooleanField(_("verarbeitet personenbezogene Daten"), null=True, blank=True)
    data_protection_url = models.URLField(
        _("Datenschutz-Dokumentation (DSFA, Verarbeitungsverzeichnis)"), max_length=500, blank=True
    )
    accessibility_url = models.URLField(_("Erklärung zur Barrierefreiheit"), max_length=500, blank=True)
    legal_scope = models.CharField(_("Rechtsbezug"), max_length=10, choices=LegalScope.choices, blank=True)
    law_land_keys = models.JSONField(_("umgesetztes Landesrecht (Länderschlüssel)"), default=list, blank=True)
    size_classes = models.JSONField(_("geeignete Größenklassen"), default=list, blank=True)
    it_providers = models.TextField(_("IT-Dienstleister, die die Lösung betreiben"), blank=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Angaben zur Übertragbarkeit")
        verbose_name_plural = _("Angaben zur Übertragbarkeit")

    def __str__(self) -> str:
        return f"Übertragbarkeit: {self.solution}"

    @property
    def it_provider_list(self) -> list[str]:
        return [line.strip() for line in self.it_providers.splitlines() if line.strip()]


class TransferabilityScore(models.Model):
    """The general score of a solution, kept current by `services.score_refresh`, with the result
    of the catalog validator for the document it was computed from (reused while it is unchanged)."""

    solution = models.OneToOneField(
        Solution,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="transferability_score",
        verbose_name=_("Lösung"),
    )
    score = models.PositiveSmallIntegerField(_("Übertragbarkeit (0–100)"), db_index=True)
    band = models.CharField(_("Bereich"), max_length=10, db_index=True)
    computed_at = models.DateTimeField(_("berechnet"), db_index=True)
    document_sha1 = models.CharField(_("Prüfsumme der publiccode.yml"), max_length=40, blank=True)
    publiccode_errors = models.PositiveIntegerField(_("Fehler der publiccode.yml"), null=True, blank=True)
    publiccode_warnings = models.PositiveIntegerField(_("Hinweise zur publiccode.yml"), default=0)

    class Meta:
        verbose_name = _("Übertragbarkeitswert")
        verbose_name_plural = _("Übertragbarkeitswerte")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="%(app_label)s_%(class)s_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution_id}: {self.score}"
