"""A long piece of work started from the interface (an import, a plan) and run as a background
job: its state, progress and outcome, for the status page of the person who started it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        DONE = "done", _("erledigt")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=50)
    title = models.CharField(_("Vorgang"), max_length=300)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.QUEUED)
    step = models.CharField(_("Schritt"), max_length=200, blank=True)
    progress_done = models.PositiveIntegerField(_("erledigt"), default=0)
    progress_total = models.PositiveIntegerField(_("insgesamt"), default=0)
    summary = models.CharField(_("Ergebnis"), max_length=500, blank=True)
    problems = models.JSONField(_("Probleme"), default=list, blank=True)
    result_url = models.CharField(_("Ergebnis-Adresse"), max_length=500, blank=True)
    back_url = models.CharField(_("Zurück-Adresse"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestartet von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorgang im Hintergrund")
        verbose_name_plural = _("Vorgänge im Hintergrund")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0
