"""Shared kernel: the append-only change log every service writes to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    """One create/update/delete of domain data, written in the same transaction as the change."""

    class Action(models.TextChoices):
        CREATE = "create", _("angelegt")
        UPDATE = "update", _("geändert")
        DELETE = "delete", _("gelöscht")
        LOGIN = "login", _("angemeldet")

    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("Akteur"), max_length=200)
    request_id = models.CharField(_("Anfrage-ID"), max_length=64, blank=True)
    object_type = models.CharField(_("Objekttyp"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    organization_id = models.BigIntegerField(
        _("betroffene Organisation"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Die Organisation, deren Daten sich geändert haben (für den Änderungsverlauf je Organisation)."
        ),
    )
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_change_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class RateLimitWindow(models.Model):
    """How often one key (scope, client) was counted in one fixed time window. Kept in the
    database so that every worker process and host counts against the same limit."""

    key = models.CharField(_("Schlüssel"), max_length=120, unique=True)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    expires_at = models.DateTimeField(_("läuft ab"), db_index=True)

    class Meta:
        verbose_name = _("Zählfenster der Ratenbegrenzung")
        verbose_name_plural = _("Zählfenster der Ratenbegrenzung")
        ordering = ["expires_at"]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
