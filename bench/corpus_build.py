"""Add recorded publiccode.yml files to the harvest corpus (src/ikone/harvesting/tests/recordings/corpus/).

Input: a directory with the recorded files and a `manifest.tsv`, one row a file, tab-separated:

    file  repository  path  commit  final_newline(1|0)  total_chars

`file` names the recorded text in the directory, `repository` (owner/name on GitHub), `path` and
`commit` say where it was read, `final_newline` whether the recorded text ends with a newline
(a shell here-document always adds one) and `total_chars` how long the stored file is, as the
source reported it. A text whose length differs from `total_chars` by more than its line
breaks (a CRLF file comes back with LF line endings) is refused as a faulty recording.

Each corpus line is one JSON object: repo, path, commit, license (the `legal.license` the file
itself declares, null when it declares none or does not parse), line_endings ("lf" as stored,
"crlf-read-as-lf" when the source file had CR LF), recorded (date) and text. The same text from
two repositories is kept once. Usage:

    python bench/corpus_build.py DIRECTORY [--recorded 2026-12-07]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

CORPUS = (
    Path(__file__).resolve().parents[1] / "src/ikone/harvesting/tests/recordings/corpus/publiccode.jsonl.gz"
)


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The corpus entries, in their stored order (empty when there is no corpus yet)."""
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def declared_license(text: str) -> str | None:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    legal = document.get("legal") if isinstance(document, dict) else None
    licence = legal.get("license") if isinstance(legal, dict) else None
    return str(licence) if licence is not None else None


def recorded_entries(directory: Path, recorded: str) -> tuple[list[dict[str, Any]], list[str]]:
    entries, refused = [], []
    with (directory / "manifest.tsv").open(encoding="utf-8", newline="") as manifest:
        for file, repo, path, commit, final_newline, total in csv.reader(manifest, delimiter="\t"):
            text = (directory / file).read_text(encoding="utf-8")
            if final_newline == "0" and text.endswith("\n"):
                text = text[:-1]
            missing = int(total) - len(text)
            if missing == 0:
                endings = "lf"
            elif 0 < missing <= text.count("\n"):
                endings = "crlf-read-as-lf"
            else:
                refused.append(f"{repo}/{path}: {len(text)} characters recorded, {total} stored")
                continue
            entries.append(
                {
                    "repo": repo,
                    "path": path,
                    "commit": commit,
                    "license": declared_license(text),
                    "line_endings": endings,
                    "recorded": recorded,
                    "text": text,
                }
            )
    return entries, refused


def merge(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Old and new entries, one per repository and one per text, sorted by repository."""
    by_repo: dict[str, dict[str, Any]] = {}
    for entry in [*old, *new]:
        by_repo[entry["repo"].lower()] = entry
    seen, kept = set(), []
    for entry in sorted(by_repo.values(), key=lambda e: e["repo"].lower()):
        digest = hashlib.sha256(entry["text"].encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            kept.append(entry)
    return kept


def write(entries: list[dict[str, Any]], path: Path = CORPUS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        for entry in entries:
            packed.write((json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--recorded", default="2026-12-07")
    args = parser.parse_args()
    new, refused = recorded_entries(args.directory, args.recorded)
    for reason in refused:
        print("refused:", reason, file=sys.stderr)
    entries = merge(load(), new)
    write(entries)
    licences = sum(1 for e in entries if e["license"])
    print(
        f"{len(entries)} distinct files in {CORPUS.name} ({licences} declare a licence), {len(refused)} refused"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
