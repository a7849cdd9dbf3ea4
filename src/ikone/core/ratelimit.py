"""Rate limits for public forms (password reset, login): fixed windows counted per key.

`RATE_LIMIT_STORE` chooses where the counters live: "database" (default) counts in one table
with an atomic upsert, exact across worker processes and hosts; "cache" counts in Django's
default cache, which is exact only when that cache is shared (e.g. Redis) — with the
local-memory cache each worker counts for itself and the effective limit is workers x limit.
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from ikone.core.models import RateLimitWindow

# One hit in this many also removes expired windows, so the table stays small without a job.
PURGE_EVERY = 200


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address `TRUSTED_PROXY_COUNT` proxies saw.

    X-Forwarded-For is only believed for as many hops as there are trusted proxies, counted from
    the right (each proxy appends the address it received the request from), so a client cannot
    choose its own address by sending the header itself.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    hops = [
        hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()
    ]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def _window_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time()) // window}"


def hit(scope: str, *keys: str) -> bool:
    """Count one request against `settings.RATE_LIMITS[scope]` for each key; False when over the limit.

    Every key is counted (so a client cannot spread a burst over keys to hide it), and the
    request is allowed only if no key has gone over its limit in the current window.
    """
    limit, window = settings.RATE_LIMITS[scope]
    count_in = _count_in_database if settings.RATE_LIMIT_STORE == "database" else _count_in_cache
    allowed = True
    for key in sorted({k for k in keys if k}):
        if count_in(_window_key(scope, key, window), window) > limit:
            allowed = False
    return allowed


def _count_in_cache(cache_key: str, window: int) -> int:
    cache.add(cache_key, 0, timeout=window)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        return 1


def _count_in_database(cache_key: str, window: int) -> int:
    """Count one hit with a single upsert (SQLite ≥ 3.35 and PostgreSQL both speak it), so
    concurrent requests in any process never lose a count."""
    window_end = (int(time.time()) // window + 1) * window
    expires_at = datetime.fromtimestamp(window_end, tz=UTC)
    table, key, count, expires = map(
        connection.ops.quote_name, (RateLimitWindow._meta.db_table, "key", "count", "expires_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}",
            [cache_key, expires_at],
        )
        (counted,) = cursor.fetchone()
    if random.randrange(PURGE_EVERY) == 0:
        purge_expired()
    return int(counted)


def purge_expired() -> int:
    """Remove the windows that have ended; returns how many."""
    deleted, _ = RateLimitWindow.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
