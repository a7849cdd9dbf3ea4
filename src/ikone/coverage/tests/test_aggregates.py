"""The incremental aggregates equal a full recomputation after any sequence of status writes."""

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.testing.factories import MunicipalityFactory, OtherOrganizationFactory
from ikone.coverage import aggregation, services
from ikone.coverage.computations.aggregates import Aggregates, StatusFact, delta, recompute
from ikone.coverage.services import StatusValues
from ikone.coverage.tests.factories import LeikaServiceFactory, maturity_models, small_catalog

# --- pure: applying deltas equals recomputing ------------------------------------------------------

facts = st.builds(
    StatusFact,
    organization_id=st.integers(1, 4),
    service_id=st.integers(1, 5),
    themenfeld_id=st.just(0),
    model_id=st.integers(1, 2),
    level=st.integers(0, 7),
    solution_id=st.none() | st.integers(1, 3),
    is_municipality=st.booleans(),
    land_key=st.sampled_from(["", "07", "09"]),
    kreis_key=st.sampled_from(["", "07312", "09479"]),
)


@given(st.lists(facts, max_size=60))
def test_incremental_deltas_equal_recomputation(writes):
    current: dict[tuple[int, int], StatusFact] = {}
    running = Aggregates.empty()
    for fact in writes:
        key = (fact.organization_id, fact.service_id)
        fact = StatusFact(**{**fact.__dict__, "themenfeld_id": fact.service_id % 2})
        running.add(delta(current.get(key), fact))
        current[key] = fact
    assert running.nonzero() == recompute(current.values())


def test_delta_of_an_unchanged_fact_is_empty():
    fact = StatusFact(
        organization_id=1, service_id=2, themenfeld_id=3, model_id=1, level=2, is_municipality=True
    )
    assert delta(fact, fact) == Aggregates(org=Counter(), area=Counter(), solution=Counter())


# --- with the database: the services keep the tables equal to a recomputation --------------------

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("set"),
            st.integers(0, 2),
            st.integers(0, 5),
            st.sampled_from([("1.1", 4), ("2.0", 7)]),
            st.integers(0, 7),
            st.none() | st.integers(0, 1),
        ),
        st.tuples(st.just("leika"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 4)),
        st.tuples(st.just("bulk"), st.integers(0, 2), st.integers(0, 1), st.integers(0, 4)),
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture
def world(db):
    maturity_models()
    catalog = small_catalog()
    return {
        "catalog": catalog,
        "organizations": [
            MunicipalityFactory(ags="07312000"),
            MunicipalityFactory(ags="09479001"),
            OtherOrganizationFactory(),
        ],
        "leika": [LeikaServiceFactory(service=catalog[i]) for i in (0, 0, 3)],
        "solutions": [
            Solution.objects.create(
                slug=f"loesung-{i}", url=f"https://git.example.org/l{i}", name=f"Lösung {i}"
            )
            for i in range(2)
        ],
    }


def _run(op, world, actor):
    organizations, catalog = world["organizations"], world["catalog"]
    if op[0] == "set":
        _, org, service, (model, top), level, solution = op
        services.service_status_set(
            actor=actor,
            organization=organizations[org],
            service=catalog[service],
            values=StatusValues(
                level=min(level, top),
                model=model,
                solution=None if solution is None else world["solutions"][solution],
            ),
        )
    elif op[0] == "leika":
        _, org, index, level = op
        services.leika_status_set(
            actor=actor,
            organization=organizations[org],
            leika_service=world["leika"][index],
            values=StatusValues(level=level),
        )
    else:
        _, org, themenfeld, level = op
        services.themenfeld_status_set(
            actor=actor,
            organization=organizations[org],
            themenfeld=catalog[themenfeld * 3].themenfeld,
            values=StatusValues(level=level),
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_aggregate_tables_equal_recomputation_after_random_writes(world, ops):
    actor = Actor.system("property")
    with transaction.atomic():
        for op in ops:
            try:
                with transaction.atomic():
                    _run(op, world, actor)
            except DomainError:
                pass  # rejected writes (409/422) must leave the tables untouched, too
        assert aggregation.stored_aggregates() == recompute(aggregation.current_facts())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rebuild_in_sql_equals_recomputation(actor):
    maturity_models()
    catalog = small_catalog()
    towns = [MunicipalityFactory(), MunicipalityFactory(ags="09479001"), OtherOrganizationFactory()]
    for i, town in enumerate(towns):
        for j, service in enumerate(catalog):
            services.service_status_set(
                actor=actor, organization=town, service=service, values=StatusValues(level=(i + j) % 5)
            )
    expected = aggregation.stored_aggregates()
    services.aggregates_rebuild(actor=actor)
    assert aggregation.stored_aggregates() == expected == recompute(aggregation.current_facts())
