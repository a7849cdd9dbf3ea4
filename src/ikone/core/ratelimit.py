"""Rate limits for public forms (password reset, login): fixed windows counted in Django's cache.

The counters live in the default cache. With the built-in local-memory cache each worker
process counts for itself, so the effective limit is (workers x limit); configure a shared
cache (database, Redis) in the settings to make it exact.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
    allowed = True
    for key in {k for k in keys if k}:
        cache_key = _window_key(scope, key, window)
        cache.add(cache_key, 0, timeout=window)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window)
            count = 1
        if count > limit:
            allowed = False
    return allowed
