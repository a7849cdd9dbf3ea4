"""The per-worker catalog snapshot and search index at scale (PostgreSQL).

    bench/index_scale.py [--solutions 100000] [--workers 4,8] [--rate 6] [--seconds 20]
                         [--backend memory|postgres]

Generates `--solutions` synthetic solutions (`ikone catalog-synthetic`, seed 1) on a throwaway
PostgreSQL cluster, then measures

1. in one process: how long the snapshot and the search index take to build, and the process's
   memory before and after (`VmRSS`, peak `VmHWM`);
2. per worker count, under gunicorn: each worker's memory once every worker has built its
   snapshot and index; search latency (a different two-word query per request, open loop at
   `--rate` requests/s) before a write, and in the `--seconds` after one solution is imported
   through the API – every worker then rebuilds on its next request, which waits for it;
   how long until every worker answered normally again.

With `--backend postgres` the workers search with PostgreSQL's full-text search
(`CATALOG_SEARCH_BACKEND=postgres`, `ikone.catalog.pgsearch`): nothing is built per worker, step 1
is left out, and the results go to bench/results/index_scale_postgres.json.

Takes several minutes at 100,000 solutions (the generation alone ≈ 5–10 min on a shared
2-core machine); `make bench` runs it only with `BENCH_INDEX=1`. Results: bench/results/index_scale.json.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml

from infra import ROOT, Database, _read_status_kib, child_pids, gunicorn, log, open_database
from loadgen import percentile
from scenarios import COLD_QUERIES

RESULTS = Path(__file__).resolve().parent / "results" / "index_scale.json"
EDITOR = "redaktion@bench.ikone.invalid"
OWNER = "07318000"
CASES = ROOT / "src" / "ikone" / "catalog" / "tests" / "conformance" / "publiccode" / "v0" / "valid"

IN_PROCESS = """
import json, time
from pathlib import Path
def kib(key):
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith(key + ':'):
            return int(line.split()[1])
from django.db import connection
connection.ensure_connection()
from ikone.catalog import listing
before = kib('VmRSS')
started = time.perf_counter()
snapshot = listing.current.get()
built = time.perf_counter()
index = snapshot.text_index()
read = time.perf_counter()
print(json.dumps({
    'solutions': len(snapshot.ids),
    'snapshot_seconds': round(built - started, 2),
    'index_seconds': round(read - built, 2),
    'terms': len(index.terms),
    'postings': int(len(index.rows)),
    'rss_before_mib': round(before / 1024, 1),
    'rss_after_mib': round(kib('VmRSS') / 1024, 1),
    'peak_mib': round(kib('VmHWM') / 1024, 1),
}))
"""


def _search(port: int, query: str, timeout: float = 120) -> tuple[float, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "GET", "/api/v1/solutions?limit=20&q=" + quote(query), headers={"Accept-Encoding": "gzip"}
        )
        response = conn.getresponse()
        response.read()
        return (time.perf_counter() - started) * 1000, response.status
    finally:
        conn.close()


def open_loop(port: int, rate: float, seconds: float, offset: int) -> list[tuple[float, float, int]]:
    """(due time, latency ms from due time, status) of `rate` searches/s for `seconds`: every
    second query from `offset` on. The windows before and after the write take offsets 300 and
    301, so they search alternate queries of one stretch of `COLD_QUERIES` – different queries of
    the same breadth. (Far apart stretches differ a lot: at 100,000 solutions the queries from
    300 on match 2,600 solutions on average, those from 900 on 14,900, up to 60,000.)"""
    total = int(rate * seconds)
    samples: list[tuple[float, float, int]] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def one(i: int) -> None:
        due = start + i / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        try:
            ms, status = _search(port, COLD_QUERIES[(offset + 2 * i) % len(COLD_QUERIES)])
            ms = (time.perf_counter() - due) * 1000
        except OSError:
            ms, status = (time.perf_counter() - due) * 1000, 0
        with lock:
            samples.append((due - start, ms, status))

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(total)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(samples)


def _figures(samples: list[tuple[float, float, int]]) -> dict[str, Any]:
    latencies = sorted(ms for _, ms, _ in samples)
    return {
        "requests": len(samples),
        "errors": sum(1 for *_, status in samples if status != 200),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else 0.0,
    }


def worker_memory(master: int) -> dict[str, Any]:
    workers = child_pids(master)
    rss = [_read_status_kib(pid, "VmRSS") / 1024 for pid in workers]
    hwm = [_read_status_kib(pid, "VmHWM") / 1024 for pid in workers]
    return {
        "rss_mib": [round(x, 1) for x in rss],
        "peak_mib": [round(x, 1) for x in hwm],
        "sum_rss_mib": round(sum(rss), 1),
    }


def warm(port: int, workers: int) -> float:
    """Search concurrently until every worker answers fast (each built snapshot and index); seconds."""
    started = time.perf_counter()
    rounds = 0
    while time.perf_counter() - started < 900:
        queries = [COLD_QUERIES[(rounds * 50 + i) % len(COLD_QUERIES)] for i in range(2 * workers)]
        with ThreadPoolExecutor(max_workers=len(queries)) as pool:
            results = list(pool.map(lambda q: _search(port, q, timeout=900), queries))
        rounds += 1
        if rounds >= 3 and max(ms for ms, _ in results) < 1000:
            break
    return round(time.perf_counter() - started, 1)


def import_solution(port: int, token: str) -> int:
    """Import one new solution through the API (a valid conformance case, renamed)."""
    document = yaml.safe_load((CASES / "countryExtensionVersion_1.0.yml").read_text())
    document |= {"name": "Lasttest-Lösung", "url": "https://git.example.org/bench/lasttest"}
    body = yaml.safe_dump(document, allow_unicode=True)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request(
        "POST",
        f"/api/v1/solutions/import?owner={OWNER}",
        body=body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"},
    )
    response = conn.getresponse()
    answer = response.read()
    conn.close()
    if response.status not in (200, 201):
        raise RuntimeError(f"import: {response.status} {answer[:500]!r}")
    return response.status


def measure(db: Database, workers: int, token: str, args: argparse.Namespace) -> dict[str, Any]:
    with gunicorn(db, workers=workers, ready_timeout=300) as (port, master):
        log(f"{workers} workers: warming up (every worker builds snapshot and index)")
        warm_seconds = warm(port, workers)
        memory = worker_memory(master)
        log(f"{workers} workers: warm after {warm_seconds} s, {memory}")
        before = open_loop(port, args.rate, args.seconds, offset=300)
        log(f"{workers} workers: before the write {_figures(before)}")
        write_seconds: list[float] = []

        def write() -> None:
            began = time.perf_counter()
            import_solution(port, token)
            write_seconds.append(round(time.perf_counter() - began, 2))

        writer = threading.Thread(target=write)
        after: list[tuple[float, float, int]] = []
        loader = threading.Thread(
            target=lambda: after.extend(open_loop(port, args.rate, args.seconds, offset=301))
        )
        loader.start()
        time.sleep(1.0)
        write_at = 1.0
        writer.start()
        writer.join()
        loader.join()
        slow = [due for due, ms, _ in after if ms > 3 * max(_figures(before)["p99_ms"], 50)]
        result = {
            "workers": workers,
            "warm_seconds": warm_seconds,
            "memory_warm": memory,
            "memory_after_rebuild": worker_memory(master),
            "search_before_write": _figures(before),
            "write_seconds": write_seconds[0] if write_seconds else None,
            "search_after_write": _figures([s for s in after if s[0] >= write_at]),
            "slow_until_s_after_write": round(max(slow) - write_at, 1) if slow else 0.0,
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        log(f"{workers} workers: {result}")
        return result


@contextlib.contextmanager
def _database(url: str | None) -> Iterator[Database]:
    if not url:
        with open_database("postgres") as db:
            yield db
        return
    var_dir = Path(tempfile.mkdtemp(prefix="ikone-bench-index-"))
    (var_dir / "static").mkdir()
    try:
        yield Database("postgres", url, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--solutions", type=int, default=100_000)
    parser.add_argument("--workers", default="4,8")
    parser.add_argument("--rate", type=float, default=6.0, help="searches per second during the measurement")
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument(
        "--worker-timeout",
        type=int,
        default=300,
        help="gunicorn worker timeout in s (its default of 30 s kills workers building the snapshot at 100,000)",
    )
    parser.add_argument(
        "--backend", choices=["memory", "postgres"], default="memory", help="catalog search backend"
    )
    parser.add_argument("--database-url", help="use this (empty or prepared) PostgreSQL database")
    parser.add_argument("--skip-setup", action="store_true", help="the database already has the solutions")
    args = parser.parse_args(argv)
    os.environ["GUNICORN_CMD_ARGS"] = f"--timeout {args.worker_timeout}"
    os.environ["CATALOG_SEARCH_BACKEND"] = args.backend
    with _database(args.database_url) as db:
        started = time.monotonic()
        if not args.skip_setup:
            db.ensure("migrate", "--noinput", "-v0")
            db.ensure("import-reference", "--quiet")
            started = time.monotonic()
            db.ensure(
                "catalog-synthetic", "--count", str(args.solutions), "--seed", "1", "--quiet", timeout=3600
            )
        generated = round(time.monotonic() - started)
        log(f"generated {args.solutions} solutions in {generated} s")
        db.ikone("createuser", "--email", EDITOR, "--org", OWNER, "--role", "editor")  # exists if prepared
        token = db.ikone("token", "create", "--email", EDITOR, "--scope", "write").stdout.strip()
        in_process = None
        if args.backend == "memory":
            single = db.ikone("shell", "--no-imports", "-c", IN_PROCESS, timeout=1800)
            if single.returncode != 0:
                raise RuntimeError(single.stderr[-2000:])
            in_process = json.loads(single.stdout.strip().splitlines()[-1])
            log(f"one process: {in_process}")
        runs = [measure(db, int(w), token, args) for w in args.workers.split(",")]
    result = {
        "backend": args.backend,
        "solutions": args.solutions,
        "generation_seconds": generated,
        "in_process": in_process,
        "runs": runs,
    }
    target = RESULTS if args.backend == "memory" else RESULTS.with_name("index_scale_postgres.json")
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if all(r["search_after_write"]["errors"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
