"""Keeping stored scores current: apps whose data feeds a score call `refresh_after_commit`.

The refresh runs after the change has committed, as a system action; when it fails the change
stays and `ikone transferability refresh` (daily) catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from ikone.core.audit import Actor

logger = logging.getLogger(__name__)


def refresh_after_commit(solution_ids: Iterable[int]) -> None:
    ids = sorted(set(solution_ids))
    if not ids:
        return

    def refresh() -> None:
        from ikone.transferability.services import score_refresh

        try:
            score_refresh(actor=Actor.system("Übertragbarkeit"), solution_ids=ids)
        except Exception:
            logger.exception("Übertragbarkeit für Lösungen %s nicht aktualisiert", ids)

    transaction.on_commit(refresh)
