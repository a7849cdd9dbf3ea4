"""Splitting German compounds into their component words, for the search index.

"Hundesteuer" is one token to both FTS5 and PostgreSQL's `german` configuration, so a search for
"Steuer" would not find it. At index time every word of a solution is split into known
components (a fixed lexicon of words of municipal administration, below) and the components go
into a separate, lowest-weighted part of the index: "Steuer" then finds "Hundesteuer", and
"Parken" finds "Bewohnerparkausweis" (components "bewohner", "park", "ausweis" and the
sub-compound "parkausweis"), while a solution with the word itself still ranks higher.

A fixed lexicon rather than the corpus vocabulary keeps the index of one solution independent of
all others (no re-indexing when the catalog grows) and avoids false splits such as
"Sparkasse" → "park". Words are folded (lower case, no diacritics) like the FTS5 tokenizer;
PostgreSQL's German stemmer drops umlauts as well, so folded components stem alike.
"""

from __future__ import annotations

import functools
import unicodedata

MIN_WORD = 6  # shorter words are not split
MIN_PART = 3
# Fugenelemente between components, and inflection endings after the last one.
LINKS = ("", "s", "es", "n", "en", "e", "er", "ens")
ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


LEXICON: frozenset[str] = frozenset(
    _fold(word)
    for word in [
        "abfall",
        "abfuhr",
        "abgabe",
        "abmeldung",
        "abruf",
        "abwasser",
        "adresse",
        "akte",
        "amt",
        "angebot",
        "anhörung",
        "anlage",
        "anmeldung",
        "anschluss",
        "antrag",
        "anzeige",
        "app",
        "arbeit",
        "archiv",
        "art",
        "arzt",
        "assistent",
        "aufenthalt",
        "auftrag",
        "aufsicht",
        "ausbildung",
        "ausgabe",
        "auskunft",
        "ausländer",
        "ausweis",
        "auszug",
        "auto",
        "bad",
        "bahn",
        "bau",
        "bauen",
        "baum",
        "beantragung",
        "bearbeitung",
        "bedarf",
        "befreiung",
        "behörde",
        "beihilfe",
        "beitrag",
        "beratung",
        "bericht",
        "berechtigung",
        "bescheid",
        "bescheinigung",
        "beschluss",
        "besuch",
        "beteiligung",
        "betreuung",
        "betrieb",
        "bewerbung",
        "bewilligung",
        "bewohner",
        "bezahlung",
        "bibliothek",
        "bildung",
        "brand",
        "brief",
        "bund",
        "bürger",
        "büro",
        "daten",
        "dienst",
        "digital",
        "dokument",
        "eheschließung",
        "ehe",
        "eigentum",
        "einbürgerung",
        "eingabe",
        "einkommen",
        "einwohner",
        "eltern",
        "energie",
        "entsorgung",
        "entwicklung",
        "erklärung",
        "erlaubnis",
        "ersatz",
        "fahrzeug",
        "fall",
        "fällung",
        "familie",
        "feuer",
        "feuerwehr",
        "finanz",
        "fischerei",
        "flüchtling",
        "förderung",
        "formular",
        "forst",
        "fracht",
        "freizeit",
        "friedhof",
        "führerschein",
        "führung",
        "fund",
        "gast",
        "gebühr",
        "geburt",
        "geld",
        "gemeinde",
        "genehmigung",
        "geo",
        "gericht",
        "gesundheit",
        "gewerbe",
        "grab",
        "grund",
        "grundstück",
        "gutschein",
        "halter",
        "haus",
        "haushalt",
        "heim",
        "hilfe",
        "hund",
        "hunde",
        "information",
        "jagd",
        "jugend",
        "kalender",
        "kasse",
        "kataster",
        "kind",
        "kinder",
        "kirche",
        "kita",
        "kommune",
        "konto",
        "kosten",
        "kraft",
        "kredit",
        "kultur",
        "lage",
        "land",
        "leistung",
        "liegenschaft",
        "lohn",
        "mängel",
        "mahnung",
        "markt",
        "meldung",
        "melde",
        "melder",
        "miete",
        "müll",
        "nachweis",
        "natur",
        "netz",
        "nutzung",
        "online",
        "ordnung",
        "ort",
        "park",
        "parken",
        "pass",
        "personal",
        "personen",
        "plan",
        "planung",
        "platz",
        "polizei",
        "portal",
        "post",
        "prüfung",
        "rat",
        "raum",
        "recht",
        "regel",
        "register",
        "reise",
        "rente",
        "rettung",
        "sache",
        "satzung",
        "schaden",
        "schein",
        "schließung",
        "schule",
        "schul",
        "sicherheit",
        "sitzung",
        "sozial",
        "spende",
        "sperr",
        "sport",
        "stadt",
        "standesamt",
        "statistik",
        "steuer",
        "strafe",
        "straße",
        "system",
        "tarif",
        "termin",
        "tier",
        "tourismus",
        "umwelt",
        "umzug",
        "unterhalt",
        "unterkunft",
        "unterricht",
        "unterstützung",
        "urkunde",
        "verein",
        "verfahren",
        "verkehr",
        "verlust",
        "vermessung",
        "versicherung",
        "versorgung",
        "vertrag",
        "verwaltung",
        "veranstaltung",
        "vereinbarung",
        "vorlage",
        "wahl",
        "wahlen",
        "wasser",
        "weg",
        "wirtschaft",
        "wohn",
        "wohnen",
        "wohnung",
        "zahlung",
        "zentrum",
        "zulassung",
        "zuschuss",
        "zuständigkeit",
    ]
)


@functools.lru_cache(maxsize=65536)
def _segment(word: str) -> tuple[tuple[int, int], ...] | None:
    """Spans (start, end) of components covering the whole folded word, or None."""
    if not word:
        return ()
    for end in range(len(word), MIN_PART - 1, -1):  # longest first component first
        if word[:end] not in LEXICON:
            continue
        for link in LINKS:
            rest = word[end:]
            if not rest.startswith(link):
                continue
            rest = rest[len(link) :]
            if rest in ENDINGS:
                return ((0, end),)
            tail = _segment(rest)
            if tail:
                offset = end + len(link)
                return ((0, end), *((offset + a, offset + b) for a, b in tail))
    return None


@functools.lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """The component words of a compound, and its sub-compounds from each component on
    ("bewohnerparkausweis" → bewohner, park, ausweis, parkausweis); () for other words."""
    folded = _fold(word)
    if len(folded) < MIN_WORD:
        return ()
    spans = _segment(folded)
    if spans and len(spans) > 1:
        parts = [folded[a:b] for a, b in spans]
        parts += [folded[a:] for a, _b in spans[1:-1]]
        return tuple(dict.fromkeys(p for p in parts if p != folded))
    # not fully known: the longest known head (last component) and modifier (first component)
    head = next(
        (folded[i:] for i in range(MIN_PART, len(folded) - MIN_PART + 1) if folded[i:] in LEXICON), None
    )
    modifier = next(
        (folded[:i] for i in range(len(folded) - MIN_PART - 1, MIN_PART, -1) if folded[:i] in LEXICON), None
    )
    return tuple(dict.fromkeys(p for p in (modifier, head) if p))


def compound_text(words: list[str]) -> str:
    """The components of all compounds among `words`, as text for the index."""
    parts: dict[str, None] = {}
    for word in words:
        parts.update(dict.fromkeys(compound_parts(word)))
    return " ".join(parts)
