"""Harvest 2,000 repositories with a publiccode.yml from a local fake GitHub organisation into an
empty SQLite database; target ≤ 60 s. Then a second run over the unchanged organisation.

The repositories carry the recorded real publiccode.yml files of public repositories
(src/ikone/harvesting/tests/recordings/corpus/, provenance in its README), each unchanged and
once. When the corpus holds fewer distinct files than repositories are asked for, the rest are
copies of them, each with its own repository name, `url` and `name`; the run says how many of
the repositories are distinct real files and how many copies. Real files include ones the
validator refuses: they count as failed, as in a real harvest. The fake server runs in a process
of its own on 127.0.0.1 (on the allow-list for this run), like a real platform it does not share
the harvester's interpreter. Run by `make bench` (`--count N` for a smaller trial); prints figures
and PASS/FAIL, writes bench/results/harvest.json."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_SECONDS = 60.0
REPOSITORIES = int(os.environ.get("BENCH_HARVEST_REPOSITORIES", "2000"))


SERVER = """
import json
import sys
from pathlib import Path
from ikone.harvesting.tests.fakes import github_org, serve

repos = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
with serve() as fake:
    github_org(fake, "bench", repos)
    print(fake.base, flush=True)
    sys.stdin.read()  # serve until the benchmark closes standard input
"""


def bench_repositories(count: int) -> tuple[dict[str, str], int]:
    """`count` repositories of the fake organisation (name → publiccode.yml text) and how many of
    them carry a distinct real file unchanged; the others are renamed copies of the real files the
    validator accepts (each invalid real file is served once: copies of it would only add cheap
    refusals and make the run look faster than one that takes 2,000 solutions)."""
    from ikone.catalog.publiccode import validate
    from ikone.harvesting.tests.fakes import corpus, with_url

    files = corpus()
    valid = [f for f in files if not any(r.type == "error" for r in validate(f.text))]
    repos = {}
    for i in range(count):
        real = files[i] if i < len(files) else valid[i % len(valid)]
        name = f"{i:04d}-" + re.sub(r"[^a-z0-9_.-]+", "-", real.repo.lower())
        if i < len(files):
            repos[name] = real.text
        else:
            repos[name] = with_url(
                real.text, f"https://github.com/bench/{name}", name=f"Kopie {i:04d} von {real.repo}"
            )
    return repos, min(count, len(files))


def accounted(counts: dict[str, int], repositories: int) -> bool:
    return sum(counts.values()) == repositories


def main() -> int:
    parser = argparse.ArgumentParser(description="Harvest benchmark over the recorded publiccode.yml corpus")
    parser.add_argument("--count", type=int, default=REPOSITORIES, help="repositories in the organisation")
    repositories = parser.parse_args().count
    var = Path(tempfile.mkdtemp(prefix="ikone-bench-harvest-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ikone.config.settings.test",
            "IKONE_VAR_DIR": str(var),
            "OUTGOING_ALLOWED_HOSTS": "127.0.0.1",
            "JOBS_SYNC": "false",  # as in production: deliveries and score refreshes go to the job queue
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from ikone.catalog.models import Solution
    from ikone.core.audit import Actor
    from ikone.harvesting.services import harvest_run, run_counts, source_create

    actor = Actor.system("bench")
    repos, distinct = bench_repositories(repositories)
    served = var / "repositories.json"
    served.write_text(json.dumps(repos), encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(served)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        source = source_create(
            actor=actor,
            values={
                "slug": "bench",
                "name": "Bench",
                "kind": "git_platform",
                "platform": "github",
                "organization": "bench",
                "base_url": base,
            },
        )
        load_before = os.getloadavg()
        started, cpu_started = time.perf_counter(), time.process_time()
        children_started = resource.getrusage(resource.RUSAGE_CHILDREN)
        first = run_counts(harvest_run(actor=actor, source=source))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        parser_cpu = (children.ru_utime + children.ru_stime) - (
            children_started.ru_utime + children_started.ru_stime
        )
        started = time.perf_counter()
        second = run_counts(harvest_run(actor=actor, source=source))
        rerun_seconds = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=30)
    result = {
        "repositories": repositories,
        "distinct_real_files": distinct,
        "copies": repositories - distinct,
        "seconds": round(seconds, 1),
        "per_second": round(repositories / seconds, 1),
        "cpu_seconds_harvester": round(cpu_seconds, 1),
        "cpu_seconds_parser_processes": round(parser_cpu, 1),
        "first_run": first,
        "rerun_seconds": round(rerun_seconds, 1),
        "rerun": second,
        "solutions": Solution.objects.count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
        "target_seconds": TARGET_SECONDS,
    }
    passed = (
        seconds <= TARGET_SECONDS
        and accounted(first, repositories)
        and accounted(second, repositories)
        and second["unchanged"] == first["created"] + first["updated"]
        and second["failed"] == first["failed"]
    )
    print(
        "| Übernahme (SQLite, leer) | Repositories | Sekunden | je Sekunde | zweiter Lauf (s) | Last (1/5/15 min) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    print(
        f"| GitHub-Organisation, lokal | {repositories} | {result['seconds']} | {result['per_second']} | "
        f"{result['rerun_seconds']} | {' / '.join(str(x) for x in result['load_average_after'])} |"
    )
    print(
        f"Korpus: {distinct} der {repositories} Repositories tragen je eine andere echte publiccode.yml unverändert, "
        f"{repositories - distinct} sind Kopien davon mit eigenem Namen, url und name"
    )
    print(f"erster Lauf: {first}; zweiter Lauf: {second}")
    print(
        f"CPU-Zeit: Harvester {result['cpu_seconds_harvester']} s, Prüfprozesse {result['cpu_seconds_parser_processes']} s; "
        f"Last vorher {' / '.join(str(x) for x in result['load_average_before'])}, {result['cpus']} CPUs"
    )
    print(("PASS" if passed else "FAIL") + f": {result['seconds']} s (Ziel ≤ {TARGET_SECONDS:g} s)")
    out = ROOT / "bench/results/harvest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
