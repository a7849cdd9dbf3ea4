"""Text helpers for German names."""

from django.utils.text import slugify

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """A URL slug that spells umlauts the German way: "Wörth am Rhein" → "woerth-am-rhein"."""
    return slugify(value.translate(_TRANSLITERATION))


def nul_paths(value: object, path: str = "") -> list[str]:
    """Paths (`a.b[0]`) of the strings in nested data that hold a NUL character.

    PostgreSQL text cannot store NUL, so input is checked before it reaches the database.
    A key holding NUL is reported at the path of its mapping.
    """
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                found.append(path)
                continue
            found += nul_paths(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += nul_paths(item, f"{path}[{index}]")
    return found
