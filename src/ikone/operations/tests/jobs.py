"""A job for the queue tests: notes each start, waits, then does its effect once (a marker file
created exclusively), like the real jobs that claim rows before acting."""

from __future__ import annotations

import os
import time
from pathlib import Path


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
