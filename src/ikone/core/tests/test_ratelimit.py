"""Rate limits for public forms and the client address they (and the login lockout) count by."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from ikone.core import ratelimit


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


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
def test_hit_allows_the_limit_and_refuses_beyond_it():
    assert [ratelimit.hit("demo", "ip:1") for _ in range(4)] == [True, True, True, False]
    assert ratelimit.hit("demo", "ip:2")


@override_settings(RATE_LIMITS={"demo": (2, 60)})
def test_hit_refuses_when_any_key_is_over_its_limit():
    ratelimit.hit("demo", "ip:1", "email:a@example.org")
    ratelimit.hit("demo", "ip:2", "email:a@example.org")
    assert not ratelimit.hit("demo", "ip:3", "email:a@example.org")
    assert ratelimit.hit("demo", "ip:3", "email:b@example.org")
