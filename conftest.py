"""Test-wide settings: property tests have no per-example deadline (CI machines are shared and slow)."""

from hypothesis import HealthCheck, settings

settings.register_profile("ikone", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ikone")
