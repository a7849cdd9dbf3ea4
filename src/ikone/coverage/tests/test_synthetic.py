"""`ikone coverage-synthetic`: every municipality × every OZG-Leistung, aggregates rebuilt, on both databases."""

import pytest

from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory
from ikone.coverage import aggregation, services
from ikone.coverage.choices import StatusSource
from ikone.coverage.computations.aggregates import recompute
from ikone.coverage.models import ServiceStatus

pytestmark = pytest.mark.django_db


def test_synthetic_statuses_replace_the_old_ones_and_keep_real_ones(catalog, actor):
    towns = [MunicipalityFactory() for _ in range(3)]
    services.service_status_set(
        actor=actor, organization=towns[0], service=catalog[0], values=services.StatusValues(level=4)
    )
    for _ in range(2):  # a second run replaces the first one's rows
        result = services.coverage_synthetic_generate(actor=Actor.system("test"), seed=7)
        assert result.rows == 3 * len(catalog) - 1
    synthetic = ServiceStatus.objects.filter(source=StatusSource.SYNTHETIC)
    assert synthetic.count() == 3 * len(catalog) - 1
    assert ServiceStatus.objects.get(organization=towns[0], service=catalog[0]).level == 4
    assert aggregation.stored_aggregates() == recompute(aggregation.current_facts()).nonzero()
