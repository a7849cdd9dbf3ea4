"""The licence of the open data: one of the DCAT-AP.de licence vocabulary, chosen by a setting."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VOCABULARY = "http://dcat-ap.de/def/licenses/"


@dataclass(frozen=True)
class Licence:
    key: str  # the key in the DCAT-AP.de vocabulary, e.g. "dl-by-de/2.0"
    name: str
    short_name: str
    text_url: str  # the licence text for people

    @property
    def uri(self) -> str:
        """The licence's IRI in the DCAT-AP.de vocabulary (what dct:license names)."""
        return f"{VOCABULARY}{self.key}"


LICENCES = {
    licence.key: licence
    for licence in (
        Licence(
            key="dl-by-de/2.0",
            name="Datenlizenz Deutschland – Namensnennung – Version 2.0",
            short_name="dl-de/by-2-0",
            text_url="https://www.govdata.de/dl-de/by-2-0",
        ),
        Licence(
            key="cc-by/4.0",
            name="Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            short_name="CC-BY-4.0",
            text_url="https://creativecommons.org/licenses/by/4.0/deed.de",
        ),
    )
}
ALIASES = {"dl-de/by-2-0": "dl-by-de/2.0", "dl-de-by-2.0": "dl-by-de/2.0", "cc-by-4.0": "cc-by/4.0"}


def open_data_licence() -> Licence:
    """The licence set by OPEN_DATA_LICENSE (the vocabulary key or the usual short name)."""
    value = settings.OPEN_DATA_LICENSE.strip()
    key = ALIASES.get(value.lower(), value.lower())
    if key not in LICENCES:
        allowed = ", ".join(sorted(LICENCES))
        raise ImproperlyConfigured(f"OPEN_DATA_LICENSE={value!r} is not one of: {allowed}")
    return LICENCES[key]
