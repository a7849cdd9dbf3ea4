from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    OPEN = "open", _("offen")
    ANSWERED = "answered", _("beantwortet")
    PLANNED = "planned", _("geplant")
    DONE = "done", _("umgesetzt")
    NOT_POSSIBLE = "not_possible", _("nicht möglich")


# Proposals whose wish is not yet met count as demand (a planned service is still missing).
DEMAND_STATES = frozenset({ProposalState.OPEN, ProposalState.ANSWERED, ProposalState.PLANNED})
# A state other than "offen" is set by the town with a reason that citizens see.
REASON_REQUIRED = frozenset(
    {ProposalState.ANSWERED, ProposalState.PLANNED, ProposalState.DONE, ProposalState.NOT_POSSIBLE}
)

TITLE_MAX = 120
TEXT_MAX = 2000
COMMENT_MAX = 1000
REASON_MAX = 1000
REPORT_REASON_MAX = 300
DISPLAY_NAME_MAX = 40
DELETED_NAME = _("gelöschtes Konto")


class ProcessKind(models.TextChoices):
    RANKING = "ranking", _("Rangfolge")
    BUDGET = "budget", _("Bürgerhaushalt")


MAX_CHOICES = 3  # ranking: a ballot orders at most this many items
