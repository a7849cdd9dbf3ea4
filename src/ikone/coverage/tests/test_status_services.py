"""Status rules: model versions, levels from the MaturityLevel data, history, audit, LeiKa derivation."""

import datetime as dt

import pytest

from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.coverage import aggregation, services
from ikone.coverage.computations.aggregates import recompute
from ikone.coverage.computations.leika import MixedModels, derive_level
from ikone.coverage.models import LeikaStatus, ServiceStatus, StatusChange
from ikone.coverage.services import StatusValues
from ikone.coverage.tests.factories import LeikaServiceFactory

pytestmark = pytest.mark.django_db


def _set(actor, town, service, **values):
    return services.service_status_set(
        actor=actor, organization=town, service=service, values=StatusValues(**values)
    )


def test_status_set_creates_status_history_audit_and_aggregates(actor, town, catalog):
    status = _set(actor, town, catalog[0], level=3, model="1.1", url="https://example.org/hund")

    assert (status.level, status.model.version, status.source) == (3, "1.1", "self_reported")
    assert status.updated_by_label == "System: test"
    change = StatusChange.objects.get()
    assert (change.old_level, change.new_level, change.new_model) == (None, 3, "1.1")
    assert ChangeRecord.objects.filter(object_type="coverage.servicestatus", action="create").count() == 1
    assert aggregation.stored_aggregates() == recompute(aggregation.current_facts())


def test_status_update_records_old_and_new_values(actor, town, catalog):
    _set(actor, town, catalog[0], level=1, model="1.1")
    _set(actor, town, catalog[0], level=4, model="1.1", note="läuft")

    latest = StatusChange.objects.order_by("-id").first()
    assert (latest.old_level, latest.new_level) == (1, 4)
    assert latest.changes == {"level": [1, 4], "note": ["", "läuft"]}
    record = ChangeRecord.objects.filter(action="update").get()
    assert record.changes["level"] == [1, 4]


def test_setting_the_same_values_again_writes_nothing(actor, town, catalog):
    _set(actor, town, catalog[0], level=2, model="1.1")
    _set(actor, town, catalog[0], level=2, model="1.1")

    assert StatusChange.objects.count() == 1


@pytest.mark.parametrize(("model", "level"), [("1.1", 5), ("1.1", 7), ("2.0", 8), ("3.0", 1)])
def test_level_must_exist_in_the_model(actor, town, catalog, model, level):
    with pytest.raises(DomainError) as error:
        _set(actor, town, catalog[0], level=level, model=model)

    assert error.value.status == 422
    assert not ServiceStatus.objects.exists()


def test_model_2_0_allows_levels_up_to_7(actor, town, catalog):
    assert _set(actor, town, catalog[0], level=7, model="2.0").level == 7


def test_online_since_in_the_future_is_rejected(actor, town, catalog):
    with pytest.raises(DomainError):
        _set(actor, town, catalog[0], level=3, online_since=dt.date.today() + dt.timedelta(days=2))


def test_themenfeld_bulk_set_covers_every_service_of_the_themenfeld(actor, town, catalog):
    _set(actor, town, catalog[0], level=4)
    result = services_module_bulk(actor, town, catalog[0].themenfeld, only_unreported=True)

    assert result.changed == 2
    assert result.unchanged == 0
    levels = dict(ServiceStatus.objects.values_list("service_id", "level"))
    assert levels == {catalog[0].pk: 4, catalog[1].pk: 2, catalog[2].pk: 2}


def services_module_bulk(actor, town, themenfeld, only_unreported=False):
    return services.themenfeld_status_set(
        actor=actor,
        organization=town,
        themenfeld=themenfeld,
        values=StatusValues(level=2),
        only_unreported=only_unreported,
    )


# --- LeiKa derivation ---------------------------------------------------------------------------


def test_derive_level_is_the_lowest_recorded_leika_level():
    assert derive_level([("1.1", 4), ("1.1", 2), ("1.1", 3)]) == ("1.1", 2)
    assert derive_level([]) is None
    with pytest.raises(MixedModels):
        derive_level([("1.1", 4), ("2.0", 5)])


def test_leika_statuses_derive_the_ozg_level(actor, town, catalog):
    service = catalog[0]
    first, second = LeikaServiceFactory(service=service), LeikaServiceFactory(service=service)

    services.leika_status_set(
        actor=actor, organization=town, leika_service=first, values=StatusValues(level=4)
    )
    assert ServiceStatus.objects.get(service=service).level == 4
    services.leika_status_set(
        actor=actor, organization=town, leika_service=second, values=StatusValues(level=1)
    )

    status = ServiceStatus.objects.get(service=service)
    assert (status.level, status.derived_from_leika, status.source) == (1, True, "derived")
    assert LeikaStatus.objects.count() == 2
    assert StatusChange.objects.filter(leika_service__isnull=False).count() == 2
    assert aggregation.stored_aggregates() == recompute(aggregation.current_facts())


def test_derived_level_cannot_be_set_directly(actor, town, catalog):
    leika = LeikaServiceFactory(service=catalog[0])
    services.leika_status_set(
        actor=actor, organization=town, leika_service=leika, values=StatusValues(level=2)
    )

    with pytest.raises(DomainError) as error:
        _set(actor, town, catalog[0], level=4)
    assert error.value.status == 409
    # the details can still be changed
    assert _set(actor, town, catalog[0], level=2, url="https://example.org").url == "https://example.org"


def test_leika_levels_of_one_service_must_share_the_model(actor, town, catalog):
    first, second = LeikaServiceFactory(service=catalog[0]), LeikaServiceFactory(service=catalog[0])
    services.leika_status_set(
        actor=actor, organization=town, leika_service=first, values=StatusValues(level=2)
    )

    with pytest.raises(DomainError) as error:
        services.leika_status_set(
            actor=actor, organization=town, leika_service=second, values=StatusValues(level=5, model="2.0")
        )
    assert error.value.status == 422
