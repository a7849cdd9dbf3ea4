"""A job for the queue tests: notes each start, waits, then does its effect once (a marker file
created exclusively), like the real jobs that claim rows before acting."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ikone.operations.runner import JobFailed, Outcome


def slow_effect(directory: str, seconds: float) -> str:
    base = Path(directory)
    with (base / "starts").open("a") as starts:
        starts.write(f"{os.getpid()}\n")
    done = base / "effect"
    if done.exists():
        return "schon erledigt"
    time.sleep(seconds)
    descriptor = os.open(done, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.write(descriptor, b"1")
    os.close(descriptor)
    return "erledigt"


def failing() -> None:
    raise RuntimeError("Absichtlich fehlgeschlagen")


def stepwise(progress: Any, seen: str) -> Outcome:
    """Work in two steps that notes the run's state as stored while it works."""
    from ikone.operations.models import JobRun

    progress.step("Erster Schritt", 1, 2)
    stored = JobRun.objects.get(pk=progress.run.pk)
    Path(seen).write_text(f"{stored.state} {stored.step} {stored.percent}")
    progress.step("Zweiter Schritt", 2, 2)
    return Outcome(summary="Alles erledigt", problems=["Zeile 2: nur ein Hinweis"], result_url="/loesungen/")


def rejecting(progress: Any) -> Outcome:
    raise JobFailed("2 fehlerhafte Angaben; es wurde nichts übernommen.", ["Zeile 2: a", "Zeile 5: b"])


def crashing(progress: Any) -> Outcome:
    raise RuntimeError("Absichtlich fehlgeschlagen")
