"""Harvest 2,000 repositories with a publiccode.yml from a local fake GitHub organisation into an
empty SQLite database; target ≤ 60 s. Then a second run over the unchanged organisation.

The 2,000 files are the recorded real publiccode.yml files of the harvesting tests
(src/ikone/harvesting/tests/recordings/publiccode/, the four valid ones), each copy with its own
repository name, `url` and a numbered `name`. The fake server runs in a process of its own on
127.0.0.1 (on the allow-list for this run), like a real platform it does not share the
harvester's interpreter. Run by `make bench`; prints figures and PASS/FAIL, writes
bench/results/harvest.json."""

from __future__ import annotations

import json
import os
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
import sys
from ikone.harvesting.tests.fakes import VALID_FILES, github_org, serve, with_url

texts = [p.read_text() for p in VALID_FILES]
repos = {
    f"tool-{i:04d}": with_url(texts[i % len(texts)], f"https://github.com/bench/tool-{i:04d}", name=f"Werkzeug {i:04d}")
    for i in range(int(sys.argv[1]))
}
with serve() as fake:
    github_org(fake, "bench", repos)
    print(fake.base, flush=True)
    sys.stdin.read()  # serve until the benchmark closes standard input
"""


def main() -> int:
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
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(REPOSITORIES)],
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
        "repositories": REPOSITORIES,
        "seconds": round(seconds, 1),
        "per_second": round(REPOSITORIES / seconds, 1),
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
        seconds <= TARGET_SECONDS and first["created"] == REPOSITORIES and second["unchanged"] == REPOSITORIES
    )
    print(
        "| Übernahme (SQLite, leer) | Repositories | Sekunden | je Sekunde | zweiter Lauf (s) | Last (1/5/15 min) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    print(
        f"| GitHub-Organisation, lokal | {REPOSITORIES} | {result['seconds']} | {result['per_second']} | "
        f"{result['rerun_seconds']} | {' / '.join(str(x) for x in result['load_average_after'])} |"
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
