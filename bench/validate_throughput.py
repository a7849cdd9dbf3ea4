"""publiccode.yml validation throughput over the conformance cases (files per second, offline).

Run by `make bench`; not part of `make test`. Prints a table and writes bench/results/validate.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ikone.catalog.publiccode import validate_path  # noqa: E402

CASES = ROOT / "src/ikone/catalog/tests/conformance/publiccode"


def main(rounds: int = 5) -> int:
    files = sorted(p for p in CASES.rglob("*.yml*") if "assets" not in p.parts)
    validate_path(files[0])  # warm-up (imports, licence list)
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for path in files:
            validate_path(path)
        rates.append(len(files) / (time.perf_counter() - started))
    result = {
        "files": len(files),
        "rounds": rounds,
        "files_per_second_median": round(statistics.median(rates), 1),
        "files_per_second_min": round(min(rates), 1),
        "files_per_second_max": round(max(rates), 1),
    }
    print("| publiccode.yml-Prüfung | Dateien | Runden | Dateien/s (Median) | min | max |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| Konformitätsfälle, offline | {result['files']} | {rounds} | {result['files_per_second_median']} | "
        f"{result['files_per_second_min']} | {result['files_per_second_max']} |"
    )
    out = ROOT / "bench/results/validate.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
