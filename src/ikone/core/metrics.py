"""Prometheus metrics every part of ikone may count into. Under gunicorn with
`ikone.config.gunicorn` (PROMETHEUS_MULTIPROC_DIR set before the workers start) the values of all
worker processes are added up when `/metrics` is read."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUEST_SECONDS = Histogram(
    "ikone_http_request_duration_seconds",
    "Antwortzeit je Route, Methode und Statusklasse",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
CACHE_LOOKUPS = Counter(
    "ikone_cache_lookups_total",
    "Nachschlagen in den Zwischenspeichern je Prozess (Treffer und Fehlgriffe)",
    ["cache", "result"],
)


def cache_lookup(cache: str, *, hit: bool) -> None:
    CACHE_LOOKUPS.labels(cache, "hit" if hit else "miss").inc()
