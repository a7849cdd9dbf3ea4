import json

from hypothesis import given
from hypothesis import strategies as st

from ikone.core.text import german_slugify, nul_paths


def test_german_slugify_spells_umlauts_the_german_way():
    assert german_slugify("Wörth am Rhein") == "woerth-am-rhein"


def test_nul_paths_names_each_string_holding_nul():
    data = {
        "name": "ok",
        "description": {"de": {"features": ["a", "b\x00"], "short": "\x00"}},
        "bad\x00key": "x",
        "count": 3,
    }
    assert nul_paths(data) == ["description.de.features[1]", "description.de.short", ""]
    assert nul_paths(["\x00"], "items") == ["items[0]"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_nul_paths_is_empty_exactly_when_no_string_holds_nul(value):

    assert (nul_paths(value) == []) == ("\\u0000" not in json.dumps(value))
