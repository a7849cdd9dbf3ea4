"""The solver against an independent feasibility check, brute force and the greedy baseline."""

import dataclasses
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.planning.solver import (
    Assignment,
    Instance,
    Member,
    Preference,
    ServiceItem,
    check,
    check_json,
    explain,
    mip,
    objective_of,
    solve,
    solve_brute_force,
    solve_greedy,
    synthetic_instance,
)
from ikone.planning.solver.bound import knapsack_bound
from ikone.planning.solver.mip import lp_bound
from ikone.planning.solver.model import instance_from_dict, instance_to_dict

THEMEN = ["Steuern", "Bauen", "Familie"]


@st.composite
def instances(draw, max_members=3, max_services=5):
    members = tuple(
        Member(
            name=f"M{i}",
            capacity=draw(st.integers(0, 40)),
            preferences=draw(
                st.dictionaries(st.sampled_from(THEMEN), st.sampled_from(list(Preference)), max_size=2)
            ),
        )
        for i in range(draw(st.integers(1, max_members)))
    )
    services = tuple(
        ServiceItem(
            key=f"S{j}",
            name=f"Leistung {j}",
            themenfeld=draw(st.sampled_from(THEMEN)),
            effort=draw(st.integers(1, 25)),
            priority=draw(st.integers(0, 50)),
            lacking=draw(st.integers(0, len(members))),
        )
        for j in range(draw(st.integers(0, max_services)))
    )
    slack = draw(st.sampled_from([None, Fraction(1), Fraction(5, 4), Fraction(2)]))
    allowance = draw(st.sampled_from([None, 0, 5]))
    return Instance(members=members, services=services, fairness_slack=slack, fairness_allowance=allowance)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances(max_members=5, max_services=12))
def test_solver_plans_pass_the_independent_check(instance):
    result = solve(instance, time_limit=5)
    assert check(instance, result.assignments) == []
    assert result.bound >= result.objective
    assert objective_of(instance, ((a.member, a.service) for a in result.assignments))[0] == result.objective


@FAST
@given(instances())
def test_small_instances_reach_the_brute_force_optimum(instance):
    exact = solve_brute_force(instance)
    result = solve(instance, time_limit=5)
    assert result.status == "OPTIMAL"
    assert result.objective == exact.objective
    assert result.gap == 0
    assert knapsack_bound(instance) >= exact.objective


@FAST
@given(instances(max_members=6, max_services=15))
def test_greedy_is_feasible_and_never_beats_the_solver(instance):
    greedy = solve_greedy(instance)
    assert check(instance, greedy.assignments) == []
    assert solve(instance, time_limit=5).objective >= greedy.objective


@FAST
@given(instances())
def test_every_explanation_names_member_and_service(instance):
    result = solve(instance, time_limit=5)
    names = {s.key: s.name for s in instance.services}
    for a in explain(instance, result.assignments):
        assert a.reason.startswith(f"{a.member} übernimmt „{names[a.service]}“ ({a.effort} PT), weil ")
        assert a.reason.endswith("PT frei sind.")


def _two_members():
    return Instance(
        members=(
            Member("Speyer", 60, {"Steuern": Preference.EXPERIENCE}),
            Member("Worms", 60, {"Steuern": Preference.EXCLUDED}),
        ),
        services=(
            ServiceItem("10200", "Hundesteuer", "Steuern", 12, 70, lacking=6),
            ServiceItem("10300", "Wohngeld", "Bauen", 50, 40, lacking=3),
            ServiceItem("10400", "Parkausweis", "Bauen", 50, 10, lacking=1),
        ),
        fairness_slack=None,
    )


def test_explanation_reads_like_the_issue():
    instance = _two_members()
    result = solve(instance, time_limit=5)
    reasons = {a.service: a.reason for a in explain(instance, result.assignments, member_count=10)}
    assert reasons["10200"] == (
        "Speyer übernimmt „Hundesteuer“ (12 PT), weil 6 von 10 Mitgliedern die Leistung fehlt, "
        "Speyer Erfahrung im Themenfeld Steuern hat und noch 48 von 60 PT frei sind."
    )


def test_excluded_themenfeld_and_capacity_are_respected():
    instance = _two_members()
    result = solve(instance, time_limit=5)
    plan = {a.service: a.member for a in result.assignments}
    assert plan["10200"] == "Speyer"
    assert plan["10300"] == "Worms"  # Speyer has 48 PT left, not 50
    assert "10400" not in plan
    assert result.objective == 110


def test_checker_finds_every_kind_of_violation():
    instance = _two_members()
    bad = [
        Assignment("Worms", "10200", 12),  # excluded Themenfeld
        Assignment("Speyer", "10300", 50),
        Assignment("Speyer", "10300", 50),  # twice, and Speyer over capacity
        Assignment("Trier", "10400", 50),
        Assignment("Worms", "10400", 5),  # wrong effort
    ]
    kinds = {v.kind for v in check(instance, bad)}
    assert kinds == {"excluded", "duplicate", "capacity", "unknown_member", "effort"}


def test_fairness_limits_the_share_relative_to_capacity():
    members = (Member("A", 100), Member("B", 100))
    services = tuple(ServiceItem(f"S{j}", f"L{j}", "Steuern", 10, 10) for j in range(4))
    instance = Instance(members, services, fairness_slack=Fraction(1), fairness_allowance=0)
    assert check(instance, [Assignment("A", "S0", 10), Assignment("A", "S1", 10)])[0].kind == "fairness"
    assert check(instance, [Assignment("A", "S0", 10), Assignment("B", "S1", 10)]) == []
    result = solve(instance, time_limit=5)
    assert sorted(a.member for a in result.assignments) == ["A", "A", "B", "B"]


def test_synthetic_instances_are_reproducible_and_solved_deterministically():
    first = synthetic_instance(10, 120, seed=7)
    assert first == synthetic_instance(10, 120, seed=7)
    assert first != synthetic_instance(10, 120, seed=8)
    a = solve(first, time_limit=10)
    b = solve(first, time_limit=10)
    assert a.status == "OPTIMAL"
    assert a.assignments == b.assignments


def test_json_has_exactly_the_documented_shape_and_passes_the_check():
    instance = synthetic_instance(6, 60, seed=3)
    result = solve(instance, time_limit=10)
    result.assignments = explain(instance, result.assignments)
    data = result.to_json(instance)
    assert set(data) == {"assignments", "unassigned", "objective", "bound", "gap", "seconds", "capacity"}
    assert all(set(a) == {"member", "service", "effort", "reason"} for a in data["assignments"])
    assert check_json(instance, data) == []
    data["assignments"][0]["effort"] += 1
    assert {v.kind for v in check_json(instance, data)} >= {"effort", "report"}


def test_instance_round_trips_through_json():
    instance = synthetic_instance(4, 20, seed=2)
    assert instance_from_dict(instance_to_dict(instance)) == instance


def test_greedy_bound_is_an_upper_bound():
    instance = synthetic_instance(10, 200, seed=5)
    greedy = solve_greedy(instance)
    assert greedy.bound >= solve(instance, time_limit=10).objective >= greedy.objective


@st.composite
def tight_instances(draw, max_members=8, max_services=25):
    """Scarce capacity as in the benchmark's tight case: small members, efforts in 5-PT steps, so
    that packing (which service fits which member) decides the plan."""
    members = tuple(
        Member(
            name=f"M{i}",
            capacity=draw(st.integers(0, 16)),
            preferences=draw(
                st.dictionaries(st.sampled_from(THEMEN), st.sampled_from(list(Preference)), max_size=2)
            ),
        )
        for i in range(draw(st.integers(1, max_members)))
    )
    services = tuple(
        ServiceItem(
            key=f"S{j}",
            name=f"Leistung {j}",
            themenfeld=draw(st.sampled_from(THEMEN)),
            effort=5 * draw(st.integers(1, 3)),
            priority=draw(st.integers(0, 60)),
        )
        for j in range(draw(st.integers(0, max_services)))
    )
    slack = draw(st.sampled_from([None, Fraction(1), Fraction(5, 4)]))
    allowance = draw(st.sampled_from([None, 0, 5]))
    return Instance(members=members, services=services, fairness_slack=slack, fairness_allowance=allowance)


@FAST
@given(tight_instances())
def test_plans_on_scarce_capacity_are_feasible_and_never_worse_than_greedy(instance):
    greedy = solve_greedy(instance)
    result = solve(instance, time_limit=5)
    assert check(instance, result.assignments) == []
    assert objective_of(instance, ((a.member, a.service) for a in result.assignments))[0] == result.objective
    assert result.objective >= greedy.objective
    assert result.bound >= result.objective
    assert result.status == "OPTIMAL"  # these sizes are always solved to the end


@FAST
@given(st.one_of(instances(), tight_instances(max_members=3, max_services=5)))
def test_lp_bound_and_the_bound_reported_without_search_time_are_valid(instance):
    """The certified LP bound, and the bound reported when no time is left for any search (greedy,
    knapsack and LP only), are at least the exact optimum."""
    optimum = solve_brute_force(instance).objective
    assert lp_bound(instance) >= optimum
    hurried = solve(instance, time_limit=0.001)
    assert hurried.bound >= optimum >= hurried.objective >= solve_greedy(instance).objective
    assert check(instance, hurried.assignments) == []


def test_lp_bound_knows_that_a_service_must_fit_into_one_member():
    members = (Member("A", 10), Member("B", 5), Member("C", 5))
    services = (ServiceItem("S1", "L1", "Steuern", 10, 30), ServiceItem("S2", "L2", "Steuern", 10, 30))
    instance = Instance(members, services, fairness_slack=None)
    assert knapsack_bound(instance) == 60  # both fit into the 20 PT of the network …
    assert lp_bound(instance) == 30  # … but only A can take a 10-PT service
    result = solve(instance, time_limit=5)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 30, 30)


def test_solver_beats_greedy_where_greedy_wastes_the_large_member():
    # Greedy gives the best ratio (S1) to the member with most free capacity, so S2 fits nowhere.
    members = (Member("A", 15), Member("B", 10))
    services = (
        ServiceItem("S1", "L1", "Steuern", 5, 30),
        ServiceItem("S2", "L2", "Steuern", 15, 60),
        ServiceItem("S3", "L3", "Steuern", 10, 35),
    )
    instance = Instance(members, services, fairness_slack=None)
    assert solve_greedy(instance).objective == 65
    result = solve(instance, time_limit=5)
    assert (result.status, result.objective) == ("OPTIMAL", 95)
    assert {(a.member, a.service) for a in result.assignments} == {("A", "S2"), ("B", "S3")}


def test_tight_synthetic_instance_is_solved_to_optimality_above_greedy():
    """A smaller version of the benchmark's tight case (capacity ÷ 8): the knapsack bound is 21 %
    above the optimum, the LP bound is exact, the solver proves it and beats greedy by 10 %."""
    base = synthetic_instance(40, 60, seed=2)
    members = tuple(dataclasses.replace(m, capacity=m.capacity // 8) for m in base.members)
    instance = dataclasses.replace(base, members=members)
    assert (knapsack_bound(instance), lp_bound(instance), solve_greedy(instance).objective) == (
        4135,
        3410,
        3090,
    )
    result = solve(instance, time_limit=20)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 3410, 3410)
    assert result.preference_status == "OPTIMAL"
    assert check(instance, result.assignments) == []


def test_work_nobody_lacks_never_buys_room_under_the_fairness_limit():
    # M0 can only do S0 (11 PT) if the total load reaches 12 PT: 2 x 11/41 x 12 + 5 >= 11. Giving
    # M2 the worthless S3 (priority 0) would reach it; the solver and the brute force never plan
    # such work, so both find nothing to plan.
    members = (Member("M0", 11), Member("M1", 28, {"Steuern": Preference.EXCLUDED}), Member("M2", 2))
    services = (
        ServiceItem("S0", "L0", "Steuern", 11, 1),
        *(ServiceItem(f"S{j}", f"L{j}", "Steuern", 1, 0) for j in (1, 2, 3)),
    )
    instance = Instance(members, services, fairness_slack=Fraction(2), fairness_allowance=5)
    padded = [Assignment("M0", "S0", 11), Assignment("M2", "S3", 1)]
    assert check(instance, padded) == []
    assert check(instance, padded[:1])[0].kind == "fairness"
    assert solve_brute_force(instance).objective == 0
    result = solve(instance, time_limit=5)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 0, 0)


def test_lp_bound_counts_the_fairness_allowance():
    # Worms excludes the Themenfeld, so Speyer alone would carry everything; fairness (f = 1,
    # allowance 5 PT) lets Speyer's load exceed 2/3 of the total load by at most 5 PT: 15 PT.
    members = (Member("Speyer", 200), Member("Worms", 100, {"Steuern": Preference.EXCLUDED}))
    services = tuple(ServiceItem(f"S{j}", f"L{j}", "Steuern", 10, 10) for j in range(5))
    instance = Instance(members, services, fairness_slack=Fraction(1), fairness_allowance=5)
    assert lp_bound(instance) == 15  # 1.5 services
    result = solve(instance, time_limit=5)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 10, 10)
    assert solve_brute_force(instance).objective == 10


def test_cp_sat_continues_when_highs_finds_nothing(monkeypatch):
    """The third step of stage 1: without any HiGHS result, CP-SAT (from the greedy hint, with the
    LP bound as constraint) still reaches and proves the optimum of the tight instance."""
    monkeypatch.setattr(mip.Linear, "solve_integer", lambda self, seconds: mip.MipResult(set(), 0, False))
    base = synthetic_instance(40, 60, seed=2)
    members = tuple(dataclasses.replace(m, capacity=m.capacity // 8) for m in base.members)
    instance = dataclasses.replace(base, members=members)
    result = solve(instance, time_limit=20)
    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 3410, 3410)
    assert result.preference_status == "FEASIBLE"  # stage 2 kept the stage-1 distribution
    assert check(instance, result.assignments) == []
