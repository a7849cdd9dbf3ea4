"""Text helpers for German names."""

from django.utils.text import slugify

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """A URL slug that spells umlauts the German way: "Wörth am Rhein" → "woerth-am-rhein"."""
    return slugify(value.translate(_TRANSLITERATION))
