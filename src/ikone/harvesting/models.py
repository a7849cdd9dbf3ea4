"""Harvest sources (other catalogs ikone takes solutions from), their runs with one row per
item, and per source item what was taken from where (provenance)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.catalog.models import Solution
from ikone.harvesting.choices import GitPlatform, ItemOutcome, RunStatus, SourceKind, TrustLevel
from ikone.organizations.models import Network


class HarvestSource(models.Model):
    """A catalog ikone harvests: another ikone instance, a Developers Italia-style API, a GitHub
    organisation or GitLab group, or a DCAT-AP catalog. Filters narrow what is taken."""

    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=SourceKind.choices)
    base_url = models.URLField(
        _("Adresse"),
        max_length=500,
        help_text=_(
            "ikone: Startseite der Instanz; GitHub/GitLab: Adresse der API; sonst die Katalogadresse."
        ),
    )
    platform = models.CharField(
        _("Plattform"),
        max_length=10,
        choices=GitPlatform.choices,
        blank=True,
        help_text=_("nur für Git-Plattformen"),
    )
    organization = models.CharField(
        _("Organisation oder Gruppe"), max_length=200, blank=True, help_text=_("nur für Git-Plattformen")
    )
    follow_network = models.CharField(
        _("Netzwerk der Quelle"),
        max_length=120,
        blank=True,
        help_text=_("nur ikone: nur Lösungen übernehmen, die in diesem Netzwerk der Quelle genutzt werden"),
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("folgendes Netzwerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harvest_sources",
        help_text=_("Das Netzwerk, das diesem Katalog folgt: übernommene Lösungen werden darin geteilt."),
    )
    filter_lands = models.JSONField(_("nur Länder (Schlüssel)"), default=list, blank=True)
    filter_tags = models.JSONField(_("nur Merkmale"), default=list, blank=True)
    filter_services = models.JSONField(_("nur OZG-Leistungen (IDs)"), default=list, blank=True)
    filter_licences = models.JSONField(_("nur Lizenzen (SPDX)"), default=list, blank=True)
    trust_level = models.CharField(
        _("Vertrauensstufe"), max_length=10, choices=TrustLevel.choices, default=TrustLevel.MEDIUM
    )
    interval_minutes = models.PositiveIntegerField(
        _("Abstand der Läufe (Minuten)"), default=0, help_text=_("0: nur von Hand")
    )
    next_run_at = models.DateTimeField(_("nächster Lauf"), null=True, blank=True)
    enabled = models.BooleanField(_("aktiv"), default=True)
    state = models.JSONField(_("Stand der Quelle"), default=dict, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Importquelle")
        verbose_name_plural = _("Importquellen")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=SourceKind.GIT_PLATFORM) | (~Q(organization="") & ~Q(platform="")),
                name="%(app_label)s_%(class)s_git_needs_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    """One run over a source. Items are committed one by one; a run whose process died is
    resumed by the next run of the source (items already in it are skipped)."""

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("Quelle"), on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    cursor = models.JSONField(_("Stand des Laufs"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("Einträge"), default=0)
    message = models.TextField(_("Meldung"), blank=True)
    pid = models.PositiveIntegerField(_("Prozess"), null=True, blank=True)
    host = models.CharField(_("Rechner"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Importlauf")
        verbose_name_plural = _("Importläufe")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "status"], name="harvest_run_source_status_idx")]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class HarvestItem(models.Model):
    """What a run did with one item of the source (at most once per run: the resume key)."""

    run = models.ForeignKey(HarvestRun, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("Kennung bei der Quelle"), max_length=500)
    outcome = models.CharField(_("Ergebnis"), max_length=12, choices=ItemOutcome.choices)
    solution = models.ForeignKey(
        Solution, verbose_name=_("Lösung"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("Meldung"), blank=True)
    hints = models.JSONField(_("ähnliche Lösungen"), default=list, blank=True)

    class Meta:
        verbose_name = _("Importeintrag")
        verbose_name_plural = _("Importeinträge")
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="%(app_label)s_%(class)s_once_per_run")
        ]
        indexes = [models.Index(fields=["run", "outcome"], name="harvest_item_run_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.key}: {self.outcome}"


class HarvestRecord(models.Model):
    """An item of a source as last taken: the local solution, the source's revision and
    validators for conditional requests, the values taken (for three-way merges with local
    edits) and, per publiccode key, where and when its value came from."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="records")
    key = models.CharField(_("Kennung bei der Quelle"), max_length=500)
    solution = models.ForeignKey(
        Solution,
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harvest_records",
    )
    page_url = models.URLField(_("Seite bei der Quelle"), max_length=500, blank=True)
    revision = models.CharField(_("Stand bei der Quelle"), max_length=200, blank=True)
    etag = models.CharField(_("ETag"), max_length=300, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    content_sha = models.CharField(_("Prüfsumme"), max_length=64, blank=True)
    document = models.JSONField(_("übernommene Werte"), default=dict, blank=True)
    fields = models.JSONField(_("Herkunft je Feld"), default=dict, blank=True)
    usage = models.JSONField(_("Nutzung in Netzwerken der Quelle"), default=list, blank=True)
    fetched_at = models.DateTimeField(_("abgerufen"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("bei der Quelle entfernt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Herkunft")
        verbose_name_plural = _("Herkünfte")
        ordering = ["source", "key"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="%(app_label)s_%(class)s_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.key}"
