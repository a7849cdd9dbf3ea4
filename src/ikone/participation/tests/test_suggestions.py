import re

from hypothesis import given
from hypothesis import strategies as st

from ikone.participation.selectors import MIN_ENDING, _word_endings


def test_a_compound_yields_its_head_word():
    assert "parkausweis" in _word_endings("Anwohnerparkausweis online")
    assert _word_endings("kurz und gut") == []


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ,.-", max_size=80))
def test_endings_are_long_suffixes_of_the_words_longest_first(text):
    endings = _word_endings(text)
    words = re.findall(r"\w{6,}", text.lower())
    assert all(len(e) >= MIN_ENDING and any(w.endswith(e) for w in words) for e in endings)
    assert [len(e) for e in endings] == sorted((len(e) for e in endings), reverse=True)
    assert all(w in endings for w in words[:6])
