"""The pure scoring: range, monotonicity, to-do list, and a few rules by example."""

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ikone.transferability.scoring import (
    CONTEXT,
    GENERAL,
    RECOMMENDED_KEYS,
    Adopter,
    Facts,
    Target,
    score,
    size_class,
)

TODAY = dt.date(2026, 11, 27)
urls = st.sampled_from(["https://example.org/a", "https://example.org/b"])
optional_bool = st.none() | st.booleans()
lands = st.sampled_from(["01", "07", "09", "14"])
standards = st.lists(st.sampled_from(["XRechnung 3.0", "OParl 1.1", "FIT-Connect 1"]), unique=True).map(tuple)
adopters = st.builds(
    Adopter,
    name=st.sampled_from(["Speyer", "Trier", "Jena"]),
    land_key=lands,
    population=st.none() | st.integers(0, 2_000_000),
    it_provider=st.sampled_from(["", "KommWis", "Dataport"]),
)
dates = st.none() | st.dates(dt.date(2015, 1, 1), TODAY)
facts_strategy = st.builds(
    Facts,
    name=st.just("Lösung"),
    as_of=st.just(TODAY),
    licence=st.none()
    | st.sampled_from(["EUPL-1.2", "MIT OR Apache-2.0", "CC-BY-4.0", "kaputt (", "LicenseRef-x"]),
    publiccode_errors=st.none() | st.integers(0, 3),
    publiccode_warnings=st.integers(0, 3),
    present_keys=st.none() | st.frozensets(st.sampled_from([k for k, _l in RECOMMENDED_KEYS])),
    maintenance_type=st.none() | st.sampled_from(["internal", "contract", "community", "none"]),
    maintenance_until=dates,
    last_release=dates,
    release_count=st.integers(0, 20),
    documentation_url=st.none() | urls,
    api_documentation_url=st.none() | urls,
    agreed_standards=st.none() | standards.filter(bool),
    declared_standards=standards,
    verified_standards=standards,
    deployment=st.fixed_dictionaries(
        {"container": optional_bool, "saas": optional_bool, "on_premise": optional_bool}
    ),
    multi_tenant=optional_bool,
    personal_data=optional_bool,
    data_protection_url=st.none() | urls,
    accessibility_url=st.none() | urls,
    has_user_interface=optional_bool,
    production_adoptions=st.none() | st.integers(0, 10),
    adopters=st.lists(adopters, max_size=3).map(tuple),
    average_rating=st.none() | st.floats(1, 5),
    report_count=st.none() | st.integers(0, 10),
    proprietary_dependencies=st.none()
    | st.lists(st.sampled_from(["Oracle DB", "SAP"]), unique=True).map(tuple),
    owner_land_key=st.just("") | lands,
    legal_scope=st.sampled_from(["", "federal", "land"]),
    law_land_keys=st.lists(lands, unique=True).map(tuple),
    size_classes=st.lists(
        st.sampled_from(["landgemeinde", "kleinstadt", "mittelstadt", "grossstadt"]), unique=True
    ).map(tuple),
    it_providers=st.lists(st.sampled_from(["KommWis", "Dataport", "ekom21"]), unique=True).map(tuple),
    languages=st.none() | st.lists(st.sampled_from(["de", "en", "hsb"]), unique=True).map(tuple),
)
targets = st.none() | st.builds(
    Target,
    key=st.just("07318000"),
    name=st.just("Ziel"),
    land_key=st.just("") | lands,
    land_name=st.just("Land"),
    population=st.none() | st.integers(0, 2_000_000),
    it_providers=st.lists(st.sampled_from(["KommWis", "Dataport"]), unique=True).map(tuple),
    languages=st.sampled_from([("de",), ("de", "hsb")]),
)


@st.composite
def more_evidence(draw, facts):
    """The same facts with evidence added: unknowns made known, counts raised, items added."""
    changes = {}

    def maybe(name, strategy):
        if draw(st.booleans()):
            changes[name] = draw(strategy)

    for name, strategy in [
        ("licence", st.sampled_from(["EUPL-1.2", "CC-BY-4.0"])),
        ("publiccode_errors", st.integers(0, 2)),
        ("maintenance_type", st.sampled_from(["internal", "none"])),
        ("last_release", st.dates(dt.date(2015, 1, 1), TODAY)),
        ("documentation_url", urls),
        ("api_documentation_url", urls),
        ("multi_tenant", st.booleans()),
        ("personal_data", st.booleans()),
        ("data_protection_url", urls),
        ("accessibility_url", urls),
        ("has_user_interface", st.booleans()),
        ("production_adoptions", st.integers(0, 10)),
        ("proprietary_dependencies", st.lists(st.sampled_from(["SAP"])).map(tuple)),
        ("languages", st.lists(st.sampled_from(["de", "en"]), unique=True).map(tuple)),
    ]:
        if getattr(facts, name) is None:
            maybe(name, strategy)
    if facts.average_rating is None and not facts.report_count:
        if draw(st.booleans()):
            changes["average_rating"] = draw(st.floats(1, 5))
            changes["report_count"] = 1
    elif facts.report_count is not None:
        maybe("report_count", st.integers(facts.report_count, 12))
    if facts.production_adoptions is not None:
        maybe("production_adoptions", st.integers(facts.production_adoptions, 12))
    if facts.last_release is not None:
        maybe("last_release", st.dates(facts.last_release, TODAY))
    if facts.present_keys is not None:
        extra = draw(st.frozensets(st.sampled_from([k for k, _l in RECOMMENDED_KEYS])))
        changes["present_keys"] = facts.present_keys | extra
    changes["verified_standards"] = facts.verified_standards + draw(standards)
    changes["declared_standards"] = facts.declared_standards + draw(standards)
    changes["adopters"] = facts.adopters + tuple(draw(st.lists(adopters, max_size=2)))
    changes["deployment"] = {
        key: (draw(optional_bool) if value is None else value) or value
        for key, value in facts.deployment.items()
    }
    changes["size_classes"] = facts.size_classes + tuple(
        draw(st.lists(st.sampled_from(["kleinstadt", "grossstadt"]), unique=True))
    )
    changes["it_providers"] = facts.it_providers + tuple(draw(st.lists(st.sampled_from(["KommWis"]))))
    changes["law_land_keys"] = facts.law_land_keys + tuple(draw(st.lists(lands, max_size=2)))
    return dataclasses.replace(facts, **changes)


@given(facts_strategy, targets)
def test_score_is_between_0_and_100_and_weights_add_up(facts, target):
    assessment = score(facts, target)
    assert 0 <= assessment.score <= 100
    assert assessment.max_points == (120 if target else 100)
    assert {r.key for r in assessment.results} == {c.key for c in GENERAL + (CONTEXT if target else ())}
    assert round(100 * sum(r.points for r in assessment.results) / assessment.max_points) == assessment.score


@given(st.data(), facts_strategy, targets)
def test_adding_evidence_never_lowers_the_score(data, facts, target):
    stronger = data.draw(more_evidence(facts))
    assert score(stronger, target).score >= score(facts, target).score


@given(facts_strategy, targets)
def test_todo_lists_exactly_the_criteria_not_fully_met(facts, target):
    assessment = score(facts, target)
    not_met = [r for r in assessment.results if r.fulfilment < 1]
    assert [r.key for r in assessment.results if r.todo] == [r.key for r in not_met]
    assert assessment.todo == [r.todo for r in not_met]
    assert all(r.evidence for r in assessment.results)


def test_nothing_known_scores_zero_and_says_keine_angabe():
    assessment = score(Facts(name="Leer", as_of=TODAY))
    assert assessment.score == 0
    assert len(assessment.todo) == len(GENERAL)
    licence = next(r for r in assessment.results if r.key == "licence")
    assert licence.evidence == ("keine Angabe",)


def test_everything_known_and_good_scores_100_even_with_a_target():
    facts = Facts(
        name="Voll",
        as_of=TODAY,
        licence="EUPL-1.2",
        publiccode_errors=0,
        present_keys=frozenset(k for k, _l in RECOMMENDED_KEYS),
        maintenance_type="community",
        last_release=TODAY - dt.timedelta(days=30),
        release_count=4,
        documentation_url="https://example.org/doku",
        api_documentation_url="https://example.org/api",
        agreed_standards=("XRechnung 3.0",),
        declared_standards=("XRechnung 3.0",),
        verified_standards=("XRechnung 3.0",),
        deployment={"container": True, "saas": True, "on_premise": None},
        multi_tenant=True,
        data_protection_url="https://example.org/dsfa",
        accessibility_url="https://example.org/bf",
        production_adoptions=3,
        average_rating=5.0,
        report_count=3,
        proprietary_dependencies=(),
        legal_scope="federal",
        size_classes=("kleinstadt",),
        it_providers=("KommWis",),
        languages=("de",),
    )
    target = Target(key="x", name="Ziel", land_key="09", population=12_000, it_providers=("kommwis",))
    assert score(facts).score == 100
    assert score(facts, target).score == 100
    assert score(facts, target).todo == []


def test_licence_rules():
    def licence(expression):
        return next(
            r for r in score(Facts(name="x", as_of=TODAY, licence=expression)).results if r.key == "licence"
        )

    assert licence("AGPL-3.0-or-later").met
    assert licence("MIT OR LicenseRef-proprietary").fulfilment == 0  # not a valid SPDX expression
    assert licence("Apache-2.0 OR BUSL-1.1").met  # one open choice suffices
    assert not licence("MIT AND CC-BY-4.0").met  # CC-BY is not OSI-approved
    assert "OSI" in licence("CC-BY-4.0").todo


def test_declared_but_unverified_standards_count_half_and_ask_for_evidence():
    facts = Facts(
        name="x",
        as_of=TODAY,
        agreed_standards=("OParl 1.1", "XRechnung 3.0"),
        declared_standards=("OParl 1.1", "XRechnung 3.0"),
        verified_standards=("XRechnung 3.0",),
    )
    result = next(r for r in score(facts).results if r.key == "standards")
    assert result.fulfilment == 0.75
    assert "Nachweis" in result.todo
    assert "OParl 1.1" in result.todo


def test_size_classes_follow_the_bbsr_thresholds():
    assert [size_class(n) for n in (4_999, 5_000, 19_999, 20_000, 99_999, 100_000)] == [
        "landgemeinde",
        "kleinstadt",
        "kleinstadt",
        "mittelstadt",
        "mittelstadt",
        "grossstadt",
    ]
    assert size_class(None) is None


def test_expired_maintenance_contract_counts_half():
    facts = Facts(
        name="x",
        as_of=TODAY,
        maintenance_type="contract",
        maintenance_until=dt.date(2025, 1, 1),
        last_release=TODAY,
    )
    result = next(r for r in score(facts).results if r.key == "maintenance")
    assert result.fulfilment == 0.75
    assert "verlängern" in result.todo


def test_every_criterion_has_sources_documented_in_docs():
    from pathlib import Path

    from ikone.transferability.sources import SOURCES, sources_for

    text = (Path(__file__).resolve().parents[4] / "docs" / "transferability.md").read_text(encoding="utf-8")
    for criterion in GENERAL + CONTEXT:
        assert sources_for(criterion.key), criterion.key
    for source in SOURCES:
        assert f"[{source.key}]" in text
        assert source.url in text
