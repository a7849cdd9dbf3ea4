"""The read-replica router and its middleware (ikone.core.replicas): which database a read goes to,
when a request is pinned to the primary, and when the pin cookie is set. The integration test with
a server and a second database is tests/test_replicas.py."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django_q.models import OrmQ

from ikone.accounts.models import ApiToken, User
from ikone.catalog.models import CatalogVersion, Solution
from ikone.core import replicas
from ikone.core.models import RateLimitWindow
from ikone.coverage import cache as coverage_cache
from ikone.coverage.models import Revision
from ikone.organizations.models import Organization

router = replicas.ReplicaRouter()
ALWAYS_PRIMARY = [Session, User, ApiToken, RateLimitWindow, OrmQ, CatalogVersion, Revision]


def test_outside_a_request_every_read_goes_to_the_primary() -> None:
    assert router.db_for_read(Organization) == DEFAULT_DB_ALIAS


def test_in_a_reading_request_ordinary_reads_go_to_its_replica() -> None:
    with replicas.replica_scope("replica2"):
        assert router.db_for_read(Organization) == "replica2"
        assert router.db_for_read(Solution) == "replica2"


@pytest.mark.parametrize("model", ALWAYS_PRIMARY, ids=lambda model: model._meta.label)
def test_sessions_accounts_counters_queue_and_stamps_are_always_read_on_the_primary(model: type) -> None:
    with replicas.replica_scope("replica1"):
        assert router.db_for_read(model) == DEFAULT_DB_ALIAS


def test_a_write_pins_the_rest_of_the_request_to_the_primary() -> None:
    with replicas.replica_scope("replica1") as scope:
        assert router.db_for_write(Organization) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Organization) == DEFAULT_DB_ALIAS
    assert scope.wrote


def test_reads_inside_a_transaction_go_to_the_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    with replicas.replica_scope("replica1") as scope:
        monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", True)
        assert router.db_for_read(Organization) == DEFAULT_DB_ALIAS
        monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", False)
        assert router.db_for_read(Organization) == "replica1"
    assert not scope.wrote


def test_following_the_primary_pins_without_counting_as_a_write() -> None:
    with replicas.replica_scope("replica1") as scope:
        replicas.follow_primary()
        assert router.db_for_read(Organization) == DEFAULT_DB_ALIAS
    assert (scope.pinned, scope.wrote) == (True, False)


def test_migrations_run_on_the_primary_only() -> None:
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "catalog")
    assert not router.allow_migrate("replica1", "catalog")
    assert router.allow_relation(Organization(), Solution())


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ("SELECT 1", True),
        ("  select id from x", True),
        ("(SELECT 1) UNION (SELECT 2)", True),
        ("EXECUTE ikone_catalog_version", True),
        ("BEGIN IMMEDIATE", True),
        ('SAVEPOINT "s1"', True),
        ("INSERT INTO x VALUES (1)", False),
        ("update x set a = 1", False),
        ("DELETE FROM x", False),
        ("CREATE TEMPORARY TABLE t (id int)", False),
        ("WITH d AS (DELETE FROM x RETURNING *) SELECT * FROM d", False),
        ("PRAGMA journal_mode=WAL", False),
    ],
)
def test_statements_that_may_change_data_count_as_writes(sql: str, read: bool) -> None:
    assert replicas.is_read(sql) is read


# --- the middleware ------------------------------------------------------------------------------


def _serve(request: HttpRequest, view: Callable[[], None]) -> tuple[HttpResponse, list[str]]:
    """Run `view` as the request's view; returns the response and where Organization reads went."""
    seen: list[str] = []

    def get_response(_: HttpRequest) -> HttpResponse:
        view()
        seen.append(router.db_for_read(Organization))
        return HttpResponse("ok")

    with override_settings(DATABASE_REPLICAS=["replica1"], DATABASE_REPLICA_PIN_SECONDS=7):
        response = replicas.ReplicaMiddleware(get_response)(request)
    return response, seen


def _nothing() -> None:
    return None


def test_a_get_reads_the_replica_and_sets_no_cookie() -> None:
    response, seen = _serve(RequestFactory().get("/"), _nothing)
    assert seen == ["replica1"]
    assert replicas.COOKIE not in response.cookies


def test_a_post_reads_the_primary_and_pins_the_client() -> None:
    before = time.time()
    response, seen = _serve(RequestFactory().post("/"), _nothing)
    assert seen == [DEFAULT_DB_ALIAS]
    cookie = response.cookies[replicas.COOKIE]
    assert cookie["max-age"] == 7
    assert cookie["httponly"]
    assert before + 6 <= float(cookie.value) <= time.time() + 8


def test_a_get_with_a_valid_pin_cookie_reads_the_primary() -> None:
    request = RequestFactory().get("/")
    request.COOKIES[replicas.COOKIE] = str(time.time() + 5)
    response, seen = _serve(request, _nothing)
    assert seen == [DEFAULT_DB_ALIAS]
    assert replicas.COOKIE not in response.cookies  # reading does not extend the pin


@pytest.mark.parametrize("value", [str(time.time() - 1), "", "kein-zeitpunkt", "nan"])
def test_an_expired_or_broken_pin_cookie_reads_the_replica(value: str) -> None:
    request = RequestFactory().get("/")
    request.COOKIES[replicas.COOKIE] = value
    assert _serve(request, _nothing)[1] == ["replica1"]


@pytest.mark.django_db(transaction=True)  # no test transaction around: reads could leave the primary
def test_a_get_that_writes_with_raw_sql_pins_itself_and_the_client() -> None:
    def write() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_ratelimitwindow WHERE 1 = 0")

    response, seen = _serve(RequestFactory().get("/"), write)
    assert seen == [DEFAULT_DB_ALIAS]
    assert replicas.COOKIE in response.cookies


@pytest.mark.django_db(transaction=True)
def test_work_on_temporary_tables_reads_the_primary_without_pinning_the_client() -> None:
    def facets() -> None:
        with replicas.scratch(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_ratelimitwindow WHERE 1 = 0")

    response, seen = _serve(RequestFactory().get("/"), facets)
    assert seen == [DEFAULT_DB_ALIAS]
    assert replicas.COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_a_get_that_reads_a_cache_stamp_follows_the_primary_without_pinning_the_client() -> None:
    response, seen = _serve(RequestFactory().get("/"), coverage_cache.stamp)
    assert seen == [DEFAULT_DB_ALIAS]
    assert replicas.COOKIE not in response.cookies


def test_without_replicas_nothing_is_routed() -> None:
    from django.conf import settings

    assert settings.DATABASE_REPLICAS == []
    assert "ikone.core.replicas.ReplicaMiddleware" not in settings.MIDDLEWARE
    assert not settings.DATABASE_ROUTERS
