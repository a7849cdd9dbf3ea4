"""Rate limits for public forms and the client address they (and the login lockout) count by."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import RequestFactory, override_settings
from django.utils import timezone

from ikone.core import ratelimit
from ikone.core.models import RateLimitWindow


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["database", "cache"])
def store(request, settings, db):
    """Every counting rule holds for both places the counters can live."""
    settings.RATE_LIMIT_STORE = request.param
    return request.param


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert ratelimit.client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims():
    assert ratelimit.client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.23")) == "198.51.100.23"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_fewer_hops_than_proxies_the_direct_address_counts():
    assert ratelimit.client_ip(request_from("10.0.0.2", "198.51.100.23")) == "10.0.0.2"


@override_settings(RATE_LIMITS={"demo": (3, 60)})
def test_hit_allows_the_limit_and_refuses_beyond_it(store):
    assert [ratelimit.hit("demo", "ip:1") for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit("demo", "ip:2")


@override_settings(RATE_LIMITS={"demo": (2, 60)})
def test_hit_refuses_when_any_key_is_over_its_limit(store):
    ratelimit.hit("demo", "ip:1", "email:a@example.org")
    ratelimit.hit("demo", "ip:2", "email:a@example.org")
    assert not ratelimit.hit("demo", "ip:3", "email:a@example.org")
    assert ratelimit.hit("demo", "ip:3", "email:b@example.org")


@override_settings(RATE_LIMITS={"demo": (3, 60)}, RATE_LIMIT_STORE="database")
def test_database_counters_are_what_every_worker_sees(db):
    """The counter is a row, not process memory: another process reading the table sees it."""
    ratelimit.hit("demo", "ip:1")
    ratelimit.hit("demo", "ip:1")
    assert list(RateLimitWindow.objects.values_list("count", flat=True)) == [2]


@override_settings(RATE_LIMIT_STORE="database")
def test_expired_windows_are_purged(db):
    now = timezone.now()
    RateLimitWindow.objects.create(key="old", count=9, expires_at=now - timedelta(seconds=1))
    RateLimitWindow.objects.create(key="current", count=1, expires_at=now + timedelta(minutes=5))
    assert ratelimit.purge_expired() == 1
    assert list(RateLimitWindow.objects.values_list("key", flat=True)) == ["current"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
@override_settings(RATE_LIMITS={"race": (1000, 60)}, RATE_LIMIT_STORE="database")
def test_concurrent_hits_from_many_connections_are_counted_exactly():
    def burst(_):
        try:
            for _ in range(25):
                ratelimit.hit("race", "ip:shared")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(burst, range(8)))
    assert list(RateLimitWindow.objects.values_list("count", flat=True)) == [200]
