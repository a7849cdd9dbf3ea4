"""Organisations (municipalities, their associations, Kreise, Länder and others) and their networks."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.organizations import keys
from ikone.organizations.choices import Level, MembershipRole, Source


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def municipalities(self) -> OrganizationQuerySet:
        return self.filter(level=Level.GEMEINDE)

    def by_key(self, key: str) -> OrganizationQuerySet:
        """An AGS for municipalities, otherwise the slug."""
        if len(key) == 8 and key.isdigit():
            return self.filter(level=Level.GEMEINDE, ags=key)
        return self.filter(slug=key)


class Organization(models.Model):
    """A public body or another organisation that can take part in a network."""

    level = models.CharField(_("Ebene"), max_length=20, choices=Level.choices, db_index=True)
    kind = models.CharField(_("Art"), max_length=60, db_index=True)
    name = models.CharField(_("amtlicher Name"), max_length=200)
    short_name = models.CharField(_("Name"), max_length=200, db_index=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    ags = models.CharField(_("AGS"), max_length=8, blank=True, db_index=True)
    ars = models.CharField(_("ARS"), max_length=12, blank=True)
    land_key = models.CharField(_("Länderschlüssel"), max_length=2, blank=True, db_index=True)
    kreis_key = models.CharField(_("Kreisschlüssel"), max_length=5, blank=True, db_index=True)
    verband_key = models.CharField(_("Gemeindeverbandsschlüssel"), max_length=9, blank=True)
    land = models.ForeignKey(
        "self", verbose_name=_("Land"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kreis = models.ForeignKey(
        "self", verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gemeindeverband = models.ForeignKey(
        "self",
        verbose_name=_("Gemeindeverband"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_municipalities",
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices, default=Source.MANUAL)

    objects: ClassVar[OrganizationQuerySet] = OrganizationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["short_name", "ags", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"],
                condition=Q(level="gemeinde"),
                name="%(app_label)s_%(class)s_unique_municipal_ags",
            ),
            models.UniqueConstraint(
                fields=["level", "ars"], condition=~Q(ars=""), name="%(app_label)s_%(class)s_unique_level_ars"
            ),
            models.CheckConstraint(
                condition=Q(ags="") | Q(ags__regex=r"^[0-9]{8}$"), name="%(app_label)s_%(class)s_ags_format"
            ),
            models.CheckConstraint(
                condition=Q(ars="") | Q(ars__regex=r"^[0-9]{12}$"), name="%(app_label)s_%(class)s_ars_format"
            ),
            models.CheckConstraint(
                condition=~Q(level="gemeinde") | ~Q(ags=""),
                name="%(app_label)s_%(class)s_municipality_has_ags",
            ),
        ]
        indexes = [models.Index(fields=["level", "land_key"], name="org_level_land_idx")]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def key(self) -> str:
        """The public identifier: AGS for municipalities, otherwise the slug."""
        return self.ags if self.level == Level.GEMEINDE else self.slug

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.ags:
            errors.setdefault("ags", []).extend(keys.ags_problems(self.ags))
        if self.ars:
            errors.setdefault("ars", []).extend(keys.ars_problems(self.ars))
        if self.level == Level.GEMEINDE and not self.ags:
            errors.setdefault("ags", []).append("Eine Gemeinde braucht einen AGS.")
        if self.level == Level.GEMEINDE and self.ags and self.ars:
            errors.setdefault("ars", []).extend(keys.consistency_problems(self.ags, self.ars))
        if self.land_key and self.land_key not in keys.LAND_KEYS:
            errors.setdefault("land_key", []).append("Unbekannter Länderschlüssel.")
        if self.ars and self.land_key and not self.ars.startswith(self.land_key):
            errors.setdefault("land_key", []).append("Der Länderschlüssel passt nicht zum ARS.")
        errors = {field: messages for field, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)


class Network(models.Model):
    """A network of organisations that divide the work of going digital and share solutions."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    short_name = models.CharField(_("Kurzbezeichnung"), max_length=60, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    coordinator = models.ForeignKey(
        Organization,
        verbose_name=_("Koordination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_networks",
    )
    founded_on = models.DateField(_("gegründet am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    members: models.ManyToManyField[Organization, NetworkMembership] = models.ManyToManyField(
        Organization, through="NetworkMembership", related_name="networks", verbose_name=_("Mitglieder")
    )

    class Meta:
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("Organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_on = models.DateField(_("beigetreten am"), null=True, blank=True)
    # The coverage feed of the network moves with its memberships (docs/federation.md).
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["network", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"], name="%(app_label)s_%(class)s_unique_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.network} ({self.get_role_display()})"


class Funding(models.Model):
    """Money a network receives from a funding programme."""

    network = models.ForeignKey(
        Network, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="fundings"
    )
    programme = models.CharField(_("Förderprogramm"), max_length=200)
    funder = models.ForeignKey(
        Organization,
        verbose_name=_("Fördermittelgeber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funder_name = models.CharField(_("Fördermittelgeber (Name)"), max_length=200, blank=True)
    amount_eur = models.DecimalField(_("Betrag (EUR)"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("von"), null=True, blank=True)
    ends_on = models.DateField(_("bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        ordering = ["network", "starts_on", "programme"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="%(app_label)s_%(class)s_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.amount_eur} EUR"

    @property
    def funder_label(self) -> str:
        return str(self.funder) if self.funder else self.funder_name


class MembershipRequest(models.Model):
    """An invitation of an organisation into a network (decided by the organisation's admins) or a
    request of an organisation to join (decided by the network's coordinators)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        JOIN_REQUEST = "join_request", _("Beitrittsanfrage")

    class Status(models.TextChoices):
        PENDING = "pending", _("offen")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(
        Network, verbose_name=_("Netzwerk"), on_delete=models.CASCADE, related_name="requests"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="network_requests",
    )
    message = models.TextField(_("Nachricht"), blank=True)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("angelegt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("entschieden"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung oder Beitrittsanfrage")
        verbose_name_plural = _("Einladungen und Beitrittsanfragen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"],
                condition=Q(status="pending"),
                name="%(app_label)s_%(class)s_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organization} → {self.network}"
