"""Reuse (Nachnutzung): confirmed adoptions of solutions, experience reports, questions and answers,
and the owners' links between near-duplicate solutions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikone.reuse.choices import AdoptionState, LinkKind, OperatorModel, Origin, ReportVisibility

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Adoption(models.Model):
    """An organisation reuses (or considers reusing) a solution for some OZG-Leistungen.

    Recorded by the reusing organisation (confirmed at once) or by the owner on its behalf
    (unconfirmed until the reusing organisation confirms). After `review_due` it counts as
    unconfirmed again until it is confirmed anew."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("nachnutzende Organisation"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    solution = models.ForeignKey(
        "catalog.Solution", verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="adoptions"
    )
    release = models.ForeignKey(
        "catalog.Release",
        verbose_name=_("Version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    services = models.ManyToManyField(
        "ozg.Service", verbose_name=_("OZG-Leistungen"), blank=True, related_name="adoptions"
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=AdoptionState.choices, default=AdoptionState.INTERESTED
    )
    started_on = models.DateField(_("begonnen am"), null=True, blank=True)
    production_since = models.DateField(_("in Produktion seit"), null=True, blank=True)
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    end_reason = models.TextField(_("Grund für das Ende"), blank=True)
    effort_days = models.DecimalField(
        _("Aufwand (Personentage)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    operator_model = models.CharField(
        _("Betriebsmodell"), max_length=20, choices=OperatorModel.choices, blank=True
    )
    it_provider = models.CharField(_("IT-Dienstleister"), max_length=200, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestätigt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    supported_by_owner = models.BooleanField(_("von der Eigentümerin unterstützt"), default=False)
    review_due = models.DateField(_("zu bestätigen bis"), null=True, blank=True)
    origin = models.CharField(_("Herkunft"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Nachnutzung")
        verbose_name_plural = _("Nachnutzungen")
        ordering = ["solution", "organization__short_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "solution"],
                condition=~Q(state="ended"),
                name="%(app_label)s_%(class)s_one_active_per_solution",
            ),
            models.CheckConstraint(
                condition=Q(effort_days__isnull=True) | Q(effort_days__gte=0),
                name="%(app_label)s_%(class)s_effort_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["solution", "state"], name="reuse_adoption_solution_state"),
            models.Index(fields=["organization", "state"], name="reuse_adoption_org_state"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.solution} ({self.get_state_display()})"

    def is_confirmed_on(self, day: dt.date) -> bool:
        """Confirmed by the reusing organisation and not past its review date."""
        return self.confirmed_at is not None and (self.review_due is None or day <= self.review_due)

    @property
    def is_confirmed(self) -> bool:
        return self.is_confirmed_on(timezone.localdate())


class ExperienceReport(models.Model):
    """What a reusing organisation learnt: effort, time, costs, what worked, ratings 1–5."""

    adoption = models.ForeignKey(
        Adoption, verbose_name=_("Nachnutzung"), on_delete=models.CASCADE, related_name="reports"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("berichtende Organisation"),
        on_delete=models.PROTECT,
        related_name="experience_reports",
    )
    solution = models.ForeignKey(
        "catalog.Solution",
        verbose_name=_("Lösung"),
        on_delete=models.CASCADE,
        related_name="experience_reports",
    )
    effort_days = models.DecimalField(
        _("Aufwand (Personentage)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    time_to_live_days = models.PositiveIntegerField(
        _("Zeit bis zum Produktivbetrieb (Tage)"), null=True, blank=True
    )
    cost_once_eur = models.DecimalField(
        _("einmalige Kosten (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_yearly_eur = models.DecimalField(
        _("jährliche Kosten (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    it_provider = models.CharField(_("IT-Dienstleister"), max_length=200, blank=True)
    worked = models.TextField(_("Was gut funktioniert hat"), blank=True)
    did_not_work = models.TextField(_("Was nicht funktioniert hat"), blank=True)
    pitfalls = models.TextField(_("Stolpersteine"), blank=True)
    would_recommend = models.BooleanField(_("würde die Lösung weiterempfehlen"))
    rating_usability = models.PositiveSmallIntegerField(
        _("Nutzbarkeit für Bürgerinnen und Bürger"), validators=RATING
    )
    rating_effort = models.PositiveSmallIntegerField(_("Aufwand der Einführung"), validators=RATING)
    rating_documentation = models.PositiveSmallIntegerField(
        _("Qualität der Dokumentation"), validators=RATING
    )
    rating_support = models.PositiveSmallIntegerField(
        _("Unterstützung durch die Eigentümerin"), validators=RATING
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=ReportVisibility.choices, default=ReportVisibility.PUBLIC
    )
    origin = models.CharField(_("Herkunft"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("verfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Erfahrungsbericht")
        verbose_name_plural = _("Erfahrungsberichte")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_usability__gte=1, rating_usability__lte=5)
                & Q(rating_effort__gte=1, rating_effort__lte=5)
                & Q(rating_documentation__gte=1, rating_documentation__lte=5)
                & Q(rating_support__gte=1, rating_support__lte=5),
                name="%(app_label)s_%(class)s_ratings_range",
            ),
        ]
        indexes = [models.Index(fields=["solution", "visibility"], name="reuse_report_solution_vis")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.solution}"

    @property
    def average_rating(self) -> float:
        return (
            self.rating_usability + self.rating_effort + self.rating_documentation + self.rating_support
        ) / 4


class Moderated(models.Model):
    """Hidden by the owner or a coordinator, with a reason (shown instead of the text)."""

    hidden = models.BooleanField(_("ausgeblendet"), default=False)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausgeblendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)

    class Meta:
        abstract = True


class Question(Moderated):
    """A question about a solution, asked by a signed-in person (optionally for an organisation)."""

    solution = models.ForeignKey(
        "catalog.Solution", verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="questions"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("für die Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("Frage"), max_length=200)
    body = models.TextField(_("Erläuterung"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestellt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gestellt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Answer(Moderated):
    """An answer to a question or a reply to another answer (threaded). `by_owner` marks answers
    given by people of the solution's owner at the time of answering."""

    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="answers"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Antwort auf"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("für die Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("Antwort"))
    by_owner = models.BooleanField(_("Antwort der Eigentümerin"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("verfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class SolutionLink(models.Model):
    """The owners' verdict on two solutions that look alike: the same solution, a variant, `source`
    superseded by `target`, or distinct (then no longer suggested as near-duplicates)."""

    source = models.ForeignKey(
        "catalog.Solution", verbose_name=_("Lösung"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        "catalog.Solution", verbose_name=_("andere Lösung"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("Beziehung"), max_length=20, choices=LinkKind.choices)
    note = models.CharField(_("Notiz"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Verknüpfung ähnlicher Lösungen")
        verbose_name_plural = _("Verknüpfungen ähnlicher Lösungen")
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="%(app_label)s_%(class)s_unique_pair"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="%(app_label)s_%(class)s_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class RankingRevision(models.Model):
    """One row whose token changes with every write the recommendations' universe depends on
    (adoptions, solutions, releases, experience reports, organisations, memberships, the OZG
    catalog), but not with coverage statuses (`reuse.recommend`, `ikone.core.revision`)."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("Stand der Empfehlungsdaten")
        verbose_name_plural = _("Stände der Empfehlungsdaten")

    def __str__(self) -> str:
        return self.token
