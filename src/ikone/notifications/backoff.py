"""When to try a failed delivery again: exponential backoff, capped, a fixed number of attempts."""

from __future__ import annotations

from datetime import timedelta

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
MAX_ATTEMPTS = 8  # after the 8th failed attempt the delivery is given up


def retry_delay(failed_attempts: int) -> timedelta:
    """Wait after the n-th failed attempt (n ≥ 1): 1, 2, 4, 8, … minutes, at most six hours."""
    if failed_attempts < 1:
        raise ValueError("failed_attempts starts at 1")
    return min(FIRST_DELAY * 2 ** min(failed_attempts - 1, 30), MAX_DELAY)


def gives_up(failed_attempts: int) -> bool:
    return failed_attempts >= MAX_ATTEMPTS
