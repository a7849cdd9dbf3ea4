"""`/metrics` in Prometheus' text format: request latencies per route and cache lookups (added up
over all worker processes under gunicorn's multiprocess mode), and the delivery queue's depth
read from the database at each scrape."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ikone.notifications.selectors import delivery_backlog


class BacklogCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "ikone_delivery_backlog",
            "Wartende oder endgültig fehlgeschlagene Zustellungen je Kanal und Stand",
            labels=["channel", "status"],
        )
        for (channel, status), count in sorted(delivery_backlog().items()):
            gauge.add_metric([channel, status], count)
        yield gauge


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry)
    extra = CollectorRegistry()
    extra.register(BacklogCollector())
    return body + generate_latest(extra)
