"""Citizen participation: citizens' profiles, proposals ("Das fehlt mir"), supports, comments,
follows and abuse reports.

A person's proposals, supports and comments keep their rows when the account is deleted (the
person is set to NULL): the counts stay exact and anonymous.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikone.participation.choices import (
    COMMENT_MAX,
    DISPLAY_NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ProcessKind,
    ProposalState,
)


class Participant(models.Model):
    """A person's public side in participation: a pseudonym and the confirmed e-mail address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="participant",
    )
    display_name = models.CharField(_("Anzeigename"), max_length=DISPLAY_NAME_MAX)
    confirmation_hash = models.CharField(_("Prüfsumme des Bestätigungslinks"), max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("E-Mail-Adresse bestätigt am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Beteiligungsprofil")
        verbose_name_plural = _("Beteiligungsprofile")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Proposal(models.Model):
    """A citizen's wish for a municipality: a missing online service or an idea."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Kommune"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    service = models.ForeignKey(
        "ozg.Service",
        verbose_name=_("OZG-Leistung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    text = models.TextField(_("Beschreibung"), max_length=TEXT_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vorgeschlagen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=ProposalState.choices, default=ProposalState.OPEN, db_index=True
    )
    state_reason = models.TextField(_("Antwort der Kommune"), max_length=REASON_MAX, blank=True)
    state_changed_at = models.DateTimeField(_("Stand seit"), default=timezone.now)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("zusammengeführt mit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(is_hidden=True),
                name="%(app_label)s_%(class)s_merged_is_hidden",
            ),
        ]
        indexes = [models.Index(fields=["organization", "state"], name="participation_org_state_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return not self.is_hidden


class Support(models.Model):
    """One person supports one proposal (at most once: a database constraint)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("Vorschlag"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_supports",
    )
    created_at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        ordering = ["proposal", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="%(app_label)s_%(class)s_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or '–'} unterstützt {self.proposal_id}"


class Comment(models.Model):
    """A comment on a proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("Vorschlag"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_comments",
    )
    text = models.TextField(_("Kommentar"), max_length=COMMENT_MAX)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    created_at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"Kommentar {self.pk} zu {self.proposal_id}"


class Follow(models.Model):
    """A person wants to hear when the town changes a proposal's state."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("Vorschlag"), on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="proposal_follows",
    )
    created_at = models.DateTimeField(_("seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Vorschlag, dem jemand folgt")
        verbose_name_plural = _("Vorschläge, denen jemand folgt")
        ordering = ["proposal", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="%(app_label)s_%(class)s_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} folgt {self.proposal_id}"


class Report(models.Model):
    """Somebody reports a proposal or a comment as abusive; the town's moderation looks at it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("Vorschlag"), on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("Kommentar"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeldet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    resolved_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemeldet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Meldung zu {self.proposal_id}"


class Process(models.Model):
    """A participation process of a town with a start and an end, e.g. "Digitale Verwaltung 2027:
    Was brauchen Sie zuerst?": citizens rank its items or spend a fixed budget on them."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Kommune"),
        on_delete=models.CASCADE,
        related_name="participation_processes",
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    description = models.TextField(_("Beschreibung"), max_length=TEXT_MAX, blank=True)
    kind = models.CharField(_("Art der Abstimmung"), max_length=10, choices=ProcessKind.choices)
    budget = models.DecimalField(_("Budget (Euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Beteiligungsverfahren")
        verbose_name_plural = _("Beteiligungsverfahren")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="%(app_label)s_%(class)s_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ProcessKind.BUDGET) | Q(budget__gt=0),
                name="%(app_label)s_%(class)s_budget_has_money",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def phase(self, now: datetime.datetime | None = None) -> str:
        """ "upcoming", "open" or "closed"."""
        now = now or timezone.now()
        return "upcoming" if now < self.starts_at else "open" if now < self.ends_at else "closed"


class ProcessItem(models.Model):
    """One option of a process (optionally an OZG-Leistung); in a budget process with its cost."""

    process = models.ForeignKey(
        Process, verbose_name=_("Verfahren"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    service = models.ForeignKey(
        "ozg.Service",
        verbose_name=_("OZG-Leistung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cost = models.DecimalField(_("Kosten (Euro)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("Option eines Verfahrens")
        verbose_name_plural = _("Optionen eines Verfahrens")
        ordering = ["process", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gt=0), name="%(app_label)s_%(class)s_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """A person's vote in a process (at most one: a database constraint); kept anonymously when
    the account is deleted."""

    process = models.ForeignKey(
        Process, verbose_name=_("Verfahren"), on_delete=models.CASCADE, related_name="ballots"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("abgegeben"), default=timezone.now)

    class Meta:
        verbose_name = _("Stimmabgabe")
        verbose_name_plural = _("Stimmabgaben")
        ordering = ["process", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user"], name="%(app_label)s_%(class)s_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Stimme {self.pk} in {self.process_id}"


class BallotChoice(models.Model):
    """An item chosen on a ballot (ranking: with its place, 1 = first)."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("Stimmabgabe"), on_delete=models.CASCADE, related_name="choices"
    )
    item = models.ForeignKey(
        ProcessItem, verbose_name=_("Option"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("Platz"), default=1)

    class Meta:
        verbose_name = _("gewählte Option")
        verbose_name_plural = _("gewählte Optionen")
        ordering = ["ballot", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="%(app_label)s_%(class)s_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.item_id} ({self.rank})"
