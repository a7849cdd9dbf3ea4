"""Rendering of validation results: text lines, JSON objects and German messages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .parser import ValidationResult


def format_text(filename: str, results: Iterable[ValidationResult]) -> list[str]:
    """Render results as ``FILE:LINE:COL: error|warning: KEY: MESSAGE`` lines."""
    lines = []
    for r in results:
        key = f"{r.key}: " if r.key else ""
        lines.append(f"{filename}:{r.line}:{r.column}: {r.type}: {key}{r.description}")
    return lines


def to_json_obj(results: Iterable[ValidationResult]) -> list[dict[str, str | int]]:
    """Render results like the Go parser's ``-json`` output."""
    return [
        {
            "key": r.key,
            "description": r.description,
            "line": r.line,
            "column": r.column,
            "type": r.type,
        }
        for r in results
    ]


_F = r"(?P<f>\S+)"
_GERMAN: tuple[tuple[str, str], ...] = (
    (rf"^{_F} is a required field$", "{f} ist ein Pflichtfeld"),
    (
        rf'^{_F} is a required field when "(?P<o>[^"]+)" is "(?P<v>[^"]+)"$',
        '{f} ist ein Pflichtfeld, wenn "{o}" den Wert "{v}" hat',
    ),
    (
        rf'^{_F} must not be present unless "(?P<o>[^"]+)" is "(?P<v>[^"]+)"$',
        '{f} darf nur angegeben werden, wenn "{o}" den Wert "{v}" hat',
    ),
    (r"^wrong type for this field$", "falscher Typ für dieses Feld"),
    (r'^unknown field "(?P<f>[^"]*)"$', 'unbekanntes Feld "{f}"'),
    (
        rf"^{_F} must contain more than (?P<n>\d+) items?$",
        "{f} muss mehr als {n} Einträge enthalten",
    ),
    (
        rf"^{_F} must be a maximum of (?P<n>\d+) characters in length$",
        "{f} darf höchstens {n} Zeichen lang sein",
    ),
    (
        rf"^{_F} must be at least (?P<n>\d+) characters in length$",
        "{f} muss mindestens {n} Zeichen lang sein",
    ),
    (
        rf"^{_F} must be one of the following: (?P<v>.+)$",
        "{f} muss einer der folgenden Werte sein: {v}",
    ),
    (rf"^{_F} must be a valid email address$", "{f} muss eine gültige E-Mail-Adresse sein"),
    (
        rf"^{_F} must be a date with format 'YYYY-MM-DD'$",
        "{f} muss ein Datum im Format 'JJJJ-MM-TT' sein",
    ),
    (rf"^{_F} must be an HTTP URL$", "{f} muss eine HTTP(S)-URL sein"),
    (rf"^{_F} must be a valid URL$", "{f} muss eine gültige URL sein"),
    (rf"^{_F} is not a valid URI$", "{f} ist keine gültige URI"),
    (rf"^{_F} is not a valid MIME type$", "{f} ist kein gültiger MIME-Typ"),
    (
        rf"^{_F} must be a valid license \(see (?P<u>[^)]+)\)$",
        "{f} muss eine gültige Lizenz sein (siehe {u})",
    ),
    (
        rf"^{_F} must be a valid category \(see (?P<u>[^)]+)\)$",
        "{f} muss eine gültige Kategorie sein (siehe {u})",
    ),
    (
        rf"^{_F} must be a valid scope \(see (?P<u>[^)]+)\)$",
        "{f} muss ein gültiger Anwendungsbereich sein (siehe {u})",
    ),
    (
        rf"^{_F} contains an unknown alias \(see (?P<u>[^)]+)\)$",
        "{f} enthält einen unbekannten Alias (siehe {u})",
    ),
    (
        rf"^{_F} must be a valid ISO 3166-1 alpha-2 two-letter country code$",
        "{f} muss ein gültiger zweistelliger Ländercode nach ISO 3166-1 alpha-2 sein",
    ),
    (rf"^{_F} must be a valid BCP 47 language$", "{f} muss ein gültiges BCP-47-Sprachkürzel sein"),
    (
        rf"^{_F} must be a valid Italian Public Administration Code \(iPA\)(?P<r>.*)$",
        "{f} muss ein gültiger Code der italienischen Verwaltung (iPA) sein{r}",
    ),
    (
        r"^This key is DEPRECATED and will be removed in the future\. It's safe to drop it$",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Er kann gefahrlos gelöscht werden",
    ),
    (
        r"^This key is DEPRECATED and will be removed in the future\. Use '(?P<k>[^']+)' instead$",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Stattdessen '{k}' verwenden",
    ),
    (
        r"^This key is DEPRECATED and will be removed in the future\. Use 'organisation.uri' and "
        r"set it to '(?P<v>[^']+)' instead$",
        "Dieser Schlüssel ist VERALTET und wird künftig entfernt. Stattdessen 'organisation.uri' "
        "mit dem Wert '{v}' verwenden",
    ),
    (
        r"^Lowercase country codes are DEPRECATED\. Use uppercase instead \('(?P<c>[^']+)'\)$",
        "Ländercodes in Kleinbuchstaben sind VERALTET. Stattdessen Großbuchstaben verwenden ('{c}')",
    ),
    (
        r"^Lowercase country codes are DEPRECATED and will be removed in the future\. Use "
        r"'(?P<k>[^']+)' instead$",
        "Ländercodes in Kleinbuchstaben sind VERALTET und werden künftig entfernt. Stattdessen "
        "'{k}' verwenden",
    ),
    (
        r"^'IT' key already present\. Remove this key$",
        "Der Schlüssel 'IT' ist bereits vorhanden. Diesen Schlüssel entfernen",
    ),
    (
        r"^v(?P<v>\S+) is not the latest version, use '(?P<u>[^']+)'\. Parsing this file as "
        r"v(?P<p>\S+)\.$",
        "v{v} ist nicht die aktuelle Version, bitte '{u}' verwenden. Die Datei wird als v{p} gelesen.",
    ),
    (
        r"^unsupported version: '(?P<v>[^']*)'\. Supported versions: (?P<s>.+)$",
        "nicht unterstützte Version: '{v}'. Unterstützte Versionen: {s}",
    ),
    (
        r"^is an absolute path\. Only relative paths or HTTP\(s\) URLs allowed$",
        "ist ein absoluter Pfad. Nur relative Pfade oder HTTP(S)-URLs sind erlaubt",
    ),
    (
        r"^is a file:// URL\. Only relative paths or HTTP\(s\) URLs allowed$",
        "ist eine file://-URL. Nur relative Pfade oder HTTP(S)-URLs sind erlaubt",
    ),
    (r"^no such file: (?P<p>.+)$", "Datei nicht gefunden: {p}"),
    (r"^invalid file extension for: (?P<p>.+)$", "ungültige Dateiendung: {p}"),
    (r"^image: unknown format$", "Bild: unbekanntes Format"),
    (r"^'(?P<v>.*)' is not an image: (?P<r>.+)$", "'{v}' ist kein Bild: {r}"),
    (
        r"^'(?P<v>.*)' is not a valid video URL supporting oEmbed: (?P<r>.+)$",
        "'{v}' ist keine gültige Video-URL mit oEmbed-Unterstützung: {r}",
    ),
    (r"^'(?P<v>.*)' not reachable: (?P<r>.+)$", "'{v}' ist nicht erreichbar: {r}"),
    (r"^'(?P<v>.*)' does not exist: (?P<r>.+)$", "'{v}' existiert nicht: {r}"),
    (r"^HTTP GET failed for (?P<u>\S+): (?P<r>.+)$", "HTTP-GET für {u} fehlgeschlagen: {r}"),
    (r"^is not a valid code repository$", "ist kein gültiges Code-Repository"),
    (r"^Invalid UTF-8$", "Ungültiges UTF-8"),
    (
        r"^multiple YAML documents in one file are not supported$",
        "mehrere YAML-Dokumente in einer Datei werden nicht unterstützt",
    ),
    (
        r"^non-standard German extension 'de' \(leika\).*$",
        "nicht standardisierte deutsche Erweiterung 'de' (LeiKa): von ikone akzeptiert, von "
        "anderen Parsern ignoriert",
    ),
    (
        r"^the NUL character cannot be stored$",
        "das Steuerzeichen NUL kann nicht gespeichert werden",
    ),
)
_GERMAN_COMPILED = tuple((re.compile(p), t) for p, t in _GERMAN)


def message_de(result: ValidationResult) -> str:
    """German translation of ``result.description``; English if no pattern matches."""
    for pattern, template in _GERMAN_COMPILED:
        match = pattern.match(result.description)
        if match:
            return template.format(**match.groupdict())
    return result.description
