"""Standards registry, a network's agreed set, conformance of solutions, and interface specifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.catalog.models import Release, Solution
from ikone.organizations.models import Network


class StandardKind(models.TextChoices):
    XOEV = "xoev", _("XÖV-Datenaustausch")
    FIM = "fim", _("FIM")
    TRANSPORT_API = "transport_api", _("Transport/API")
    OPEN_DATA = "open_data", _("Offene Daten")
    ACCESSIBILITY = "accessibility", _("Barrierefreiheit")
    IDENTITY = "identity", _("Identität/Anmeldung")
    PAYMENT = "payment", _("Bezahlen/Rechnung")
    OTHER = "other", _("Sonstige")


class Standard(models.Model):
    """A standard from the registry. `sources` lists the URLs the entry was curated from."""

    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    abbreviation = models.CharField(_("Kürzel"), max_length=60)
    kind = models.CharField(_("Art"), max_length=20, choices=StandardKind.choices, db_index=True)
    publisher = models.CharField(_("Herausgeber"), max_length=200, blank=True)
    official_url = models.URLField(_("offizielle Seite"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    sources = models.JSONField(_("Quellen"), default=list, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Standard")
        verbose_name_plural = _("Standards")
        ordering = ["abbreviation", "id"]

    def __str__(self) -> str:
        return self.abbreviation or self.name


class StandardVersion(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", _("aktuell")
        DEPRECATED = "deprecated", _("veraltet")

    standard = models.ForeignKey(
        Standard, verbose_name=_("Standard"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(_("Version"), max_length=40)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.CURRENT)
    published_on = models.DateField(_("veröffentlicht am"), null=True, blank=True)
    # Also moved when a network adopts or drops the version: the federation feed of standards
    # carries the agreements with the version.
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Standardversion")
        verbose_name_plural = _("Standardversionen")
        ordering = ["standard", "-published_on", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.version}"


class NetworkStandard(models.Model):
    """One entry of a network's agreed set of standards (managed by its coordination)."""

    network = models.ForeignKey(
        Network, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="agreed_standards"
    )
    standard_version = models.ForeignKey(
        StandardVersion, verbose_name=_("Standardversion"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beschlossen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("beschlossen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("vereinbarter Standard")
        verbose_name_plural = _("vereinbarte Standards")
        ordering = ["network", "standard_version__standard__abbreviation"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "standard_version"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.standard_version}"


class Conformance(models.Model):
    """A solution (optionally a specific release) conforms to a standard version: declared by the
    owner, or verified with evidence. Declared and verified entries are separate rows."""

    class Kind(models.TextChoices):
        DECLARED = "declared", _("erklärt")
        VERIFIED = "verified", _("nachgewiesen")

    class EvidenceKind(models.TextChoices):
        TEST_REPORT = "test_report", _("Testbericht")
        CERTIFICATE = "certificate", _("Zertifikat")
        AUTOMATIC_CHECK = "automatic_check", _("automatische Prüfung")
        NONE = "none", _("kein Nachweis")

    solution = models.ForeignKey(
        Solution, verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="conformances"
    )
    release = models.ForeignKey(
        Release,
        verbose_name=_("Version der Lösung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conformances",
    )
    standard_version = models.ForeignKey(
        StandardVersion,
        verbose_name=_("Standardversion"),
        on_delete=models.PROTECT,
        related_name="conformances",
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.DECLARED)
    evidence_kind = models.CharField(
        _("Nachweis"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.NONE
    )
    evidence_url = models.URLField(_("Nachweis (URL)"), max_length=500, blank=True)
    evidence_file = models.FileField(_("Nachweis (Datei)"), upload_to="conformance/", blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Konformität")
        verbose_name_plural = _("Konformitäten")
        ordering = ["solution", "standard_version__standard__abbreviation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "standard_version", "kind"],
                condition=Q(release__isnull=True),
                name="%(app_label)s_%(class)s_unique_solution",
            ),
            models.UniqueConstraint(
                fields=["release", "standard_version", "kind"],
                condition=Q(release__isnull=False),
                name="%(app_label)s_%(class)s_unique_release",
            ),
            models.CheckConstraint(
                condition=Q(kind="declared") | ~Q(evidence_kind="none"),
                name="%(app_label)s_%(class)s_verified_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution}: {self.standard_version} ({self.get_kind_display()})"

    @property
    def standard(self) -> Standard:
        return self.standard_version.standard


class InterfaceSpec(models.Model):
    """An OpenAPI 3.x document attached to a release of a solution (the interface it implements)."""

    class Format(models.TextChoices):
        YAML = "yaml", "YAML"
        JSON = "json", "JSON"

    release = models.ForeignKey(
        Release,
        verbose_name=_("Version der Lösung"),
        on_delete=models.CASCADE,
        related_name="interface_specs",
    )
    solution = models.ForeignKey(
        Solution, verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="interface_specs"
    )
    name = models.CharField(_("Schnittstelle"), max_length=120)
    title = models.CharField(_("Titel laut Dokument"), max_length=300, blank=True)
    api_version = models.CharField(_("API-Version laut Dokument"), max_length=100, blank=True)
    openapi_version = models.CharField(_("OpenAPI-Version"), max_length=20, blank=True)
    source_format = models.CharField(_("Format"), max_length=4, choices=Format.choices)
    source_text = models.TextField(_("Dokument"))
    source_url = models.URLField(_("abgerufen von"), max_length=500, blank=True)
    document = models.JSONField(_("Inhalt"), default=dict)
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    is_valid = models.BooleanField(_("gültig"), default=False)
    errors = models.JSONField(_("Prüfergebnis"), default=list, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("verglichen mit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diff = models.JSONField(_("Änderungen gegenüber der Vorversion"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Schnittstellenbeschreibung")
        verbose_name_plural = _("Schnittstellenbeschreibungen")
        ordering = ["solution", "name", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.solution} {self.release.version}: {self.name}"

    @property
    def breaking_count(self) -> int:
        return len((self.diff or {}).get("breaking", []))


class InterfaceUse(models.Model):
    """A solution consumes an interface: a standard (version) or another solution's API."""

    solution = models.ForeignKey(
        Solution, verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="interface_uses"
    )
    standard_version = models.ForeignKey(
        StandardVersion,
        verbose_name=_("Standardversion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    provider = models.ForeignKey(
        Solution,
        verbose_name=_("Schnittstelle der Lösung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consumers",
    )
    provider_version = models.CharField(_("genutzte Version"), max_length=100, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("genutzte Schnittstelle")
        verbose_name_plural = _("genutzte Schnittstellen")
        ordering = ["solution", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(standard_version__isnull=False) & Q(provider__isnull=True))
                | (Q(standard_version__isnull=True) & Q(provider__isnull=False)),
                name="%(app_label)s_%(class)s_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(provider=models.F("solution")), name="%(app_label)s_%(class)s_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution} → {self.standard_version or self.provider}"
