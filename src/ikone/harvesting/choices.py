from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    PEER = "peer", _("ikone-Instanz")
    DEVELOPERS_ITALIA = "developers_italia", _("Software-API nach Art von Developers Italia")
    GIT_PLATFORM = "git_platform", _("GitHub-Organisation oder GitLab-Gruppe")
    DCAT = "dcat", _("DCAT-AP-Katalog")


class GitPlatform(models.TextChoices):
    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"


class TrustLevel(models.TextChoices):
    """low: warnings of the validator refuse an item; high: wins over other sources of the
    same solution; medium: neither."""

    LOW = "low", _("niedrig")
    MEDIUM = "medium", _("mittel")
    HIGH = "high", _("hoch")


TRUST_RANK = {TrustLevel.LOW: 0, TrustLevel.MEDIUM: 1, TrustLevel.HIGH: 2}


class RunStatus(models.TextChoices):
    RUNNING = "running", _("läuft")
    FINISHED = "finished", _("beendet")
    FAILED = "failed", _("fehlgeschlagen")


class ItemOutcome(models.TextChoices):
    CREATED = "created", _("neu")
    UPDATED = "updated", _("aktualisiert")
    UNCHANGED = "unchanged", _("unverändert")
    WITHDRAWN = "withdrawn", _("zurückgezogen")
    SKIPPED = "skipped", _("übersprungen")
    FAILED = "failed", _("Fehler")


COUNTED = [outcome.value for outcome in ItemOutcome]
