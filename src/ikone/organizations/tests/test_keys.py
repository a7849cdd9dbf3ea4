from hypothesis import given
from hypothesis import strategies as st

from ikone.organizations import keys


def test_ags_problems_accepts_a_real_ags():
    assert keys.ags_problems("07312000") == []


def test_ags_problems_rejects_wrong_length_and_unknown_land():
    assert keys.ags_problems("0731200") == ["Der AGS muss aus genau 8 Ziffern bestehen."]
    assert "Länderschlüssel" in keys.ags_problems("17312000")[0]
    assert keys.ags_problems("0731200x")


def test_ars_problems_rejects_non_digits():
    assert keys.ars_problems("07141506800x")
    assert keys.ars_problems("071415068068") == []


def test_ags_from_ars_leaves_out_the_verband_part():
    # Katzenelnbogen: ARS 071415007068 (Verbandsgemeinde Aar-Einrich), AGS 07141068
    assert keys.ags_from_ars("071415007068") == "07141068"


def test_consistency_problems_names_the_expected_ags():
    problems = keys.consistency_problems("07141069", "071415007068")
    assert problems == ["AGS 07141069 passt nicht zum ARS 071415007068 (erwartet AGS 07141068)."]


land_keys = st.sampled_from(sorted(keys.LAND_KEYS))
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@given(land=land_keys, rest=st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_any_well_formed_ars_yields_a_consistent_ags(land, rest):
    ars = land + rest
    ags = keys.ags_from_ars(ars)
    assert keys.ars_problems(ars) == []
    assert keys.ags_problems(ags) == []
    assert keys.consistency_problems(ags, ars) == []
    assert keys.pad_ars(ars[:5]).startswith(ars[:5])
    assert len(keys.pad_ars(ars[:5])) == 12


@given(value=st.text(max_size=14))
def test_key_checks_never_crash(value):
    assert isinstance(keys.ags_problems(value), list)
    assert isinstance(keys.ars_problems(value), list)
