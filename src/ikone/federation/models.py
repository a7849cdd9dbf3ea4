"""Tombstones: items that peers saw in a federation feed and that are gone (deleted, or no longer public)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ikone.federation.choices import FeedKind


class Tombstone(models.Model):
    """A published item that was deleted or stopped being public: the feeds report it as
    `deleted: true` from `removed_at` on, until the item is published again (then the tombstone
    is removed and the item appears with its new change time)."""

    kind = models.CharField(_("Art"), max_length=20, choices=FeedKind.choices)
    key = models.CharField(_("Kennung"), max_length=200)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    removed_at = models.DateTimeField(_("entfernt am"), db_index=True)

    class Meta:
        verbose_name = _("Löschvermerk")
        verbose_name_plural = _("Löschvermerke")
        ordering = ["removed_at", "key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="%(app_label)s_%(class)s_unique_key"),
        ]
        indexes = [models.Index(fields=["kind", "removed_at", "key"], name="federation_tombstone_feed_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
