"""Notifications: what happened (Event), who wants to hear about what (Subscription), and every
delivery of an event to a person or a webhook, each recorded once.

An event is stored once per `key`; a person gets at most one notification per event and channel,
a webhook at most one delivery per event (unique constraints, not only code paths).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service

SUBSCRIBABLE = ("service", "solution", "organization", "network")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Event(models.Model):
    """Something that happened to `subject` (identified by label and id) in ikone.

    The M2M fields hold the subscribable objects the event concerns (subject and related
    objects); subscriptions are matched against them.
    """

    key = models.CharField(_("Schlüssel"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=60, db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    subject_type = models.CharField(_("Objekttyp"), max_length=100)
    subject_id = models.CharField(_("Objekt-ID"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausgelöst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("ausgelöst von (Name)"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("öffentlich"), default=False, help_text=_("Auch ohne Anmeldung sichtbar (für Netzwerk-Feeds).")
    )
    created_at = models.DateTimeField(_("geschehen am"), auto_now_add=True, db_index=True)
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    solutions = models.ManyToManyField("catalog.Solution", blank=True, related_name="+")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="+")
    networks = models.ManyToManyField(Network, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Ereignis")
        verbose_name_plural = _("Ereignisse")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Subscription(models.Model):
    """A person follows one OZG-Leistung, solution, organisation or network (exactly one is set)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("OZG-Leistung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("Netzwerk"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        ordering = ["user", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(service__isnull=False, solution=None, organization=None, network=None)
                    | Q(service=None, solution__isnull=False, organization=None, network=None)
                    | Q(service=None, solution=None, organization__isnull=False, network=None)
                    | Q(service=None, solution=None, organization=None, network__isnull=False)
                ),
                name="%(app_label)s_%(class)s_exactly_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"%(app_label)s_%(class)s_unique_{name}",
                )
                for name in SUBSCRIBABLE
            ],
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def kind(self) -> str:
        return next(name for name in SUBSCRIBABLE if getattr(self, f"{name}_id") is not None)

    @property
    def target(self) -> models.Model:
        return getattr(self, self.kind)


class EmailMode(models.TextChoices):
    OFF = "off", _("keine E-Mails")
    IMMEDIATE = "immediate", _("sofort")
    DAILY = "daily", _("einmal täglich (Zusammenfassung)")


class Preference(models.Model):
    """A person's delivery settings; created with defaults on first use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_mode = models.CharField(
        _("E-Mail-Benachrichtigung"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    own_gaps = models.BooleanField(
        _("Lücken meiner Organisationen"),
        default=False,
        help_text=_(
            "Auch ohne Abonnement benachrichtigen, wenn es eine neue Lösung oder Version für eine "
            "OZG-Leistung gibt, die eine meiner Organisationen noch nicht OZG-konform anbietet."
        ),
    )
    feed_token = models.CharField(_("Feed-Schlüssel"), max_length=64, blank=True, db_index=True)
    last_digest_at = models.DateTimeField(_("letzte Zusammenfassung"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return str(self.user)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("ausstehend")
    DIGEST = "digest", _("für die Zusammenfassung vorgemerkt")
    SENT = "sent", _("zugestellt")
    FAILED = "failed", _("endgültig fehlgeschlagen")
    SKIPPED = "skipped", _("nicht nötig")


class DeliveryFields(models.Model):
    """Retry state shared by e-mail notifications and webhook deliveries."""

    status = models.CharField(
        _("Stand"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    locked_until = models.DateTimeField(_("in Arbeit bis"), null=True, blank=True)
    sent_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        abstract = True


class Channel(models.TextChoices):
    IN_APP = "inapp", _("in ikone")
    EMAIL = "email", _("E-Mail")


class Notification(DeliveryFields):
    """One event for one person on one channel (in ikone or by e-mail)."""

    event = models.ForeignKey(Event, verbose_name=_("Ereignis"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    channel = models.CharField(_("Kanal"), max_length=10, choices=Channel.choices)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "channel"], name="%(app_label)s_%(class)s_once_per_channel"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "channel", "read_at"], name="notif_user_channel_read_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="notif_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user} ({self.channel})"


class Webhook(models.Model):
    """A URL that receives signed POSTs: a person's (their notifications) or an organisation's
    (events concerning the organisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(_("Adresse (URL)"), max_length=500)
    description = models.CharField(_("Bezeichnung"), max_length=200, blank=True)
    secret = models.CharField(_("Geheimnis"), max_length=100, default=new_secret)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhooks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization=None) | Q(user=None, organization__isnull=False),
                name="%(app_label)s_%(class)s_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.url


class WebhookDelivery(DeliveryFields):
    """One event for one webhook; `body` is fixed when recorded so that every retry is identical."""

    event = models.ForeignKey(Event, verbose_name=_("Ereignis"), on_delete=models.CASCADE, related_name="+")
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("Webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    body = models.TextField(_("Inhalt (JSON)"))

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "webhook"], name="%(app_label)s_%(class)s_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="hook_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"


class WebhookAttempt(models.Model):
    """The delivery log: every HTTP attempt with its outcome."""

    delivery = models.ForeignKey(
        WebhookDelivery, verbose_name=_("Zustellung"), on_delete=models.CASCADE, related_name="log"
    )
    number = models.PositiveSmallIntegerField(_("Versuch"))
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("Dauer (ms)"), default=0)

    class Meta:
        verbose_name = _("Zustellversuch")
        verbose_name_plural = _("Zustellversuche")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
