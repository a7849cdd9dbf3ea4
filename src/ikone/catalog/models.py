"""Reusable solutions described by publiccode.yml, with what the standard lacks: owner, networks, OZG links."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.accounts import policy
from ikone.catalog.choices import (
    DEVELOPMENT_STATUS_LABELS,
    MAINTENANCE_TYPE_LABELS,
    SOFTWARE_TYPE_LABELS,
    TagKind,
    Visibility,
)
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import LeikaService, Service


class SolutionQuerySet(models.QuerySet["Solution"]):
    def visible_to(self, user: Any) -> SolutionQuerySet:
        """Public solutions for everybody; network-only ones for people of member organisations of a
        network they are shared in; drafts for people of the owner; everything for platform admins."""
        if policy.is_platform_admin(user):
            return self
        condition = Q(visibility=Visibility.PUBLIC)
        orgs = policy.organization_ids(user)
        if orgs:
            condition |= Q(owner_id__in=orgs)
            condition |= Q(
                visibility=Visibility.NETWORK,
                pk__in=Solution.networks.through.objects.filter(
                    network__memberships__organization_id__in=orgs
                ).values("solution_id"),
            )
        return self.filter(condition)


class Solution(models.Model):
    """A reusable piece of software. `document` holds the publiccode.yml content (the source of
    truth for export); the columns next to it are projections of it for search and facets and are
    only ever written by the catalog services."""

    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    url = models.URLField(_("Quellcode-Repository"), max_length=500, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    document = models.JSONField(_("publiccode.yml-Inhalt"), default=dict)
    source_yaml = models.TextField(_("importierte Quelldatei"), blank=True)
    publiccode_version = models.CharField(_("publiccode.yml-Version"), max_length=10, blank=True)
    short_description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    long_description = models.TextField(_("Beschreibung"), blank=True)
    description_language = models.CharField(_("Sprache der Beschreibung"), max_length=20, blank=True)
    features = models.JSONField(_("Funktionen"), default=list, blank=True)
    license = models.CharField(_("Lizenz"), max_length=200, blank=True, db_index=True)
    development_status = models.CharField(_("Entwicklungsstand"), max_length=30, blank=True, db_index=True)
    software_type = models.CharField(_("Softwaretyp"), max_length=40, blank=True, db_index=True)
    maintenance_type = models.CharField(_("Wartung"), max_length=20, blank=True, db_index=True)
    software_version = models.CharField(_("Version"), max_length=100, blank=True)
    release_date = models.DateField(_("Veröffentlichungsdatum"), null=True, blank=True)
    landing_url = models.URLField(_("Website"), max_length=500, blank=True)
    logo = models.CharField(_("Logo"), max_length=500, blank=True)
    based_on = models.TextField(
        _("basiert auf (URLs)"), blank=True, help_text=_("isBasedOn, eine URL je Zeile")
    )
    used_by_count = models.PositiveIntegerField(_("Anzahl Nutzende (laut Datei)"), default=0)
    upstream = models.ForeignKey(
        "self",
        verbose_name=_("basiert auf"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variants",
    )
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("Eigentümerin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="solutions",
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("geteilt in"), blank=True, related_name="solutions"
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("OZG-Leistungen"), blank=True, related_name="solutions"
    )
    leika_services = models.ManyToManyField(
        LeikaService, verbose_name=_("LeiKa-Leistungen"), blank=True, related_name="solutions"
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    withdrawn_at = models.DateTimeField(
        _("zurückgezogen am"),
        null=True,
        blank=True,
        help_text=_("Die Quelle, aus der die Lösung übernommen wurde, führt sie nicht mehr."),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True, db_index=True)

    objects: ClassVar[SolutionQuerySet] = SolutionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("Lösung")
        verbose_name_plural = _("Lösungen")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(upstream=models.F("id")), name="%(app_label)s_%(class)s_not_based_on_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "name", "id"], name="catalog_solution_listing_idx"),
            # the few solutions based on another, searched by every import (`services._sync_family`)
            models.Index(fields=["id"], condition=~Q(based_on=""), name="catalog_solution_based_on_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def development_status_label(self) -> str:
        return str(DEVELOPMENT_STATUS_LABELS.get(self.development_status, self.development_status))

    @property
    def software_type_label(self) -> str:
        return str(SOFTWARE_TYPE_LABELS.get(self.software_type, self.software_type))

    @property
    def maintenance_type_label(self) -> str:
        return str(MAINTENANCE_TYPE_LABELS.get(self.maintenance_type, self.maintenance_type))


class CatalogVersion(models.Model):
    """A single row whose token changes whenever the search index changes: workers keep an
    in-memory snapshot of the catalog for lists and facets and rebuild it when the token differs."""

    token = models.CharField(_("Kennung"), max_length=32)

    class Meta:
        verbose_name = _("Katalogstand")
        verbose_name_plural = _("Katalogstände")

    def __str__(self) -> str:
        return self.token


class FacetCacheEntry(models.Model):
    """The number of matches and the facet counts of one catalog search, shared by every worker
    (`ikone.catalog.facetcache`): valid while the catalog stamp it was counted under is current."""

    key = models.CharField(_("Schlüssel"), max_length=64, unique=True)
    stamp = models.CharField(_("Katalogstand"), max_length=200)
    count = models.PositiveIntegerField(_("Treffer"))
    facets = models.JSONField(_("Facetten"))
    stored_at = models.DateTimeField(_("gespeichert"), auto_now=True)

    class Meta:
        verbose_name = _("Zwischengespeicherte Facettenzahlen")
        verbose_name_plural = _("Zwischengespeicherte Facettenzahlen")

    def __str__(self) -> str:
        return self.key


class SolutionTag(models.Model):
    """A value of a multi-valued publiccode key (platforms, categories), kept for facet counts."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("Art"), max_length=20, choices=TagKind.choices)
    value = models.CharField(_("Wert"), max_length=100)

    class Meta:
        verbose_name = _("Merkmal")
        verbose_name_plural = _("Merkmale")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "kind", "value"], name="%(app_label)s_%(class)s_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "value"], name="catalog_tag_kind_value_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Release(models.Model):
    """A version of a solution, recorded whenever an import or edit brings a new softwareVersion."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="releases")
    version = models.CharField(_("Version"), max_length=100)
    release_date = models.DateField(_("Veröffentlichungsdatum"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("erfasst"), auto_now_add=True)

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering = ["solution", "-release_date", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution} {self.version}"


class SolutionAsset(models.Model):
    """Logo or screenshot: a stored file (from an upload or a local import) or a URL."""

    class Kind(models.TextChoices):
        LOGO = "logo", _("Logo")
        SCREENSHOT = "screenshot", _("Bildschirmfoto")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    reference = models.CharField(_("Angabe in publiccode.yml"), max_length=500)
    file = models.FileField(_("Datei"), upload_to="solutions/", blank=True)

    class Meta:
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        ordering = ["solution", "kind", "position"]

    def __str__(self) -> str:
        return self.reference

    @property
    def src(self) -> str:
        """Where a browser loads it from: the stored file, else the URL from the file."""
        if self.file:
            return str(settings.MEDIA_URL) + self.file.name
        return self.reference if self.reference.startswith(("http://", "https://")) else ""
