"""Test-wide settings: property tests have no per-example deadline (CI machines are shared and slow);
per-process caches start empty in every test (each test's database is rolled back, so a data stamp
such as "newest change record" can repeat with different data)."""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ikone", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ikone")


@pytest.fixture(autouse=True)
def _empty_process_caches() -> None:
    from ikone.catalog import search
    from ikone.coverage import cache
    from ikone.reuse import recommend

    cache.responses.clear()
    recommend.forget()
    search.lexemes.clear()
