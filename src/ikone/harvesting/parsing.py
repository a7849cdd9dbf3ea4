"""Validation of a fetched publiccode.yml, importable without Django: large runs validate in
worker processes (the YAML parser is pure Python and holds the interpreter), next to the
writes of the calling process."""

from __future__ import annotations

from ikone.catalog.publiccode import ParseOutcome, parse


def parse_text(text: str) -> ParseOutcome:
    return parse(text, allow_de_extension=True)
