"""Metrics and structured logs: what an operator's Prometheus and log collector get."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import OrmQ, Task
from prometheus_client import REGISTRY

from ikone.accounts.models import User
from ikone.core.context import reset_request_id, set_request_id
from ikone.core.logs import JsonFormatter, RequestIdFilter
from ikone.core.lru import LRU
from ikone.notifications.models import Channel, DeliveryStatus, Event, Notification


def _count(route: str, status: str = "2xx") -> float:
    value = REGISTRY.get_sample_value(
        "ikone_http_request_duration_seconds_count", {"route": route, "method": "GET", "status": status}
    )
    return value or 0.0


@pytest.mark.django_db
def test_each_request_is_timed_under_its_url_pattern_not_its_path(client: Client) -> None:
    before = _count("/api/v1/organizations/<key>", "4xx")
    client.get("/api/v1/organizations/00000000")
    client.get("/api/v1/organizations/99999999")
    assert _count("/api/v1/organizations/<key>", "4xx") == before + 2


@pytest.mark.django_db
def test_metrics_are_served_to_allowed_addresses_only(client: Client) -> None:
    client.get("/api/v1/health")
    answer = client.get("/metrics")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert 'ikone_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/health"' in body
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 403


@pytest.mark.django_db
def test_the_delivery_backlog_is_read_from_the_database_at_each_scrape(client: Client) -> None:
    person = User.objects.create_user(email="leser@example.org", password="ein-sehr-langes-passwort")
    for index, status in enumerate([DeliveryStatus.PENDING, DeliveryStatus.PENDING, DeliveryStatus.FAILED]):
        event = Event.objects.create(
            key=f"k{index}", kind="test", title="T", subject_type="t", subject_id="1"
        )
        Notification.objects.create(event=event, user=person, channel=Channel.EMAIL, status=status)
    body = client.get("/metrics").content.decode()
    assert 'ikone_delivery_backlog{channel="email",status="pending"} 2.0' in body
    assert 'ikone_delivery_backlog{channel="email",status="failed"} 1.0' in body


def test_named_caches_count_hits_and_misses() -> None:
    def sample(result: str) -> float:
        return (
            REGISTRY.get_sample_value("ikone_cache_lookups_total", {"cache": "test-lru", "result": result})
            or 0.0
        )

    cache: LRU[str] = LRU(max_entries=2, name="test-lru")
    hits, misses = sample("hit"), sample("miss")
    cache.put("a", "A")
    cache.get("a")
    cache.get("b")
    assert (sample("hit") - hits, sample("miss") - misses) == (1.0, 1.0)


def test_json_log_lines_carry_the_request_id_and_extra_fields() -> None:
    record = logging.LogRecord("ikone.request", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.duration_ms = 4.2
    token = set_request_id("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x"
    assert line["request_id"] == "abc123"
    assert line["duration_ms"] == 4.2
    assert line["level"] == "INFO"
    assert line["logger"] == "ikone.request"


@pytest.mark.django_db
def test_a_request_logs_one_structured_line(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="ikone.request"):
        client.get("/api/v1/health", HTTP_X_REQUEST_ID="req-42")
    (record,) = [r for r in caplog.records if r.name == "ikone.request"]
    assert record.getMessage() == "GET /api/v1/health 200"
    assert record.route == "/api/v1/health"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_job_queue_is_read_from_the_database_at_each_scrape(client: Client) -> None:
    OrmQ.objects.create(key="ikone", payload="p", lock=timezone.now())
    OrmQ.objects.create(key="ikone", payload="p", lock=timezone.now() + timedelta(minutes=5))
    now = timezone.now()
    Task.objects.create(id="t1", name="x", func="f", started=now, stopped=now, success=False, result="kaputt")
    body = client.get("/metrics").content.decode()
    assert 'ikone_job_queue{state="waiting"} 1.0' in body
    assert 'ikone_job_queue{state="running"} 1.0' in body
    assert 'ikone_jobs_finished_total{result="failure"} 1.0' in body
