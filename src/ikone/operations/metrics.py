"""`/metrics` in Prometheus' text format: request latencies per route and cache lookups (added up
over all worker processes under gunicorn's multiprocess mode), and, read from the database at each
scrape, the job queue's depth, failed jobs and the delivery backlog."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ikone.notifications.selectors import delivery_backlog
from ikone.operations.selectors import job_queue_depth


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        queue = GaugeMetricFamily(
            "ikone_job_queue", "Hintergrundaufgaben in der Warteschlange je Zustand", labels=["state"]
        )
        depth = job_queue_depth()
        queue.add_metric(["waiting"], depth.waiting)
        queue.add_metric(["running"], depth.running)
        yield queue
        jobs = CounterMetricFamily(
            "ikone_jobs_finished",
            "Abgeschlossene Hintergrundaufgaben (gespeicherte Ergebnisse)",
            labels=["result"],
        )
        jobs.add_metric(["success"], depth.succeeded)
        jobs.add_metric(["failure"], depth.failed)
        yield jobs
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
    extra.register(DatabaseCollector())
    return body + generate_latest(extra)
