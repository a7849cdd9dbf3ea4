"""Load test (`make bench`): citizens, officers and API clients against gunicorn on PostgreSQL.

    bench/load.py [--workers 2,4] [--step-seconds 12] [--solutions 5000] [--coverage-orgs 1000]

National-scale data, generated reproducibly (seed 1) with ikone's own commands on a throwaway
PostgreSQL cluster: the reference data (every German municipality as an organisation, the OZG
catalog), the demo networks, `catalog-synthetic` solutions, `reuse-synthetic` adoptions and
`coverage-synthetic` statuses. The database size is printed.

The load is open-loop: requests are due at a fixed rate (evenly spaced) regardless of how fast
answers come, and a request's latency counts from when it was due – a server that falls behind
shows it in the percentiles instead of slowing the client down (no coordinated omission). The
offered rate steps up (× 1.25 from 1.5 requests/s; each step at least 15 s and 60 requests) until
p99 exceeds 1 s or a request fails; the results per worker count are the highest rates that kept
p99 ≤ 300 ms and ≤ 1 s with no errors, p50/p99 per route, and the CPU time per request of the web workers and of PostgreSQL.

Mix (share of requests): citizens 70 % (home, catalog search and list, solution pages, coverage
map, Land and municipality pages, participation pages), officers 10 % (signed in: account,
recommendations, claims board, network page; 2 % of all requests are writes: a coverage status
set through the API with a write token), API clients 20 % (paged lists, searches).
Exit code 1 if no step kept p99 ≤ 1 s or any request failed before.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from infra import Database, child_pids, gunicorn, log, open_database
from loadgen import percentile

RESULTS = Path(__file__).resolve().parent / "results" / "load.json"
TARGET_P99_MS = 300.0
SUSTAINED_P99_MS = 1000.0
OFFICER_EMAIL = "sachbearbeitung@bench.ikone.invalid"
OFFICER_PASSWORD = "bench-Passwort-2026!"  # noqa: S105 (a throwaway database)
OFFICER_ORG = "07312000"
SEARCHES = [
    "Hundesteuer",
    "Wohngeld",
    "Baugenehmigung online",
    "Parkausweis",
    "Terminvereinbarung",
    "Gewerbeanmeldung",
    "Kitaplatz",
    "Sperrmüll",
    "Personalausweis",
    "Geoportal",
    "antrag",
    "barrierefreie Bürgerbeteiligung",
]
LANDS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16"]


@dataclass(frozen=True)
class Route:
    """One kind of request: a name for the tables, a weight in the mix, how to build it."""

    name: str
    role: str
    weight: int
    method: str = "GET"
    officer: bool = False


ROUTES = [
    Route("home", "citizen", 5),
    Route("catalog search", "citizen", 14),
    Route("catalog list", "citizen", 5),
    Route("solution page", "citizen", 14),
    Route("coverage map", "citizen", 3),
    Route("coverage Land", "citizen", 5),
    Route("coverage municipality", "citizen", 8),
    Route("participation page", "citizen", 8),
    Route("OZG service page", "citizen", 8),
    Route("account", "officer", 2, officer=True),
    Route("recommendations", "officer", 2, officer=True),
    Route("claims board", "officer", 2, officer=True),
    Route("network page", "officer", 2, officer=True),
    Route("coverage write (API)", "officer", 2, method="PUT"),
    Route("API solutions page", "api", 6),
    Route("API solutions search", "api", 5),
    Route("API organisations page", "api", 5),
    Route("API services search", "api", 4),
]


@dataclass
class Data:
    """What the requests pick from (read once from the running server)."""

    slugs: list[str]
    towns: list[str]
    services: list[int]
    network: str
    token: str
    sessions: list[str] = field(default_factory=list)


def build(route: Route, data: Data, rng: random.Random) -> tuple[str, str, dict[str, str], bytes | None]:
    """(method, path, headers, body) of one request of `route`."""
    headers = {"Accept-Encoding": "gzip"}
    town = rng.choice(data.towns)
    match route.name:
        case "home":
            path = "/"
        case "catalog search":
            path = "/loesungen/?q=" + quote(rng.choice(SEARCHES))
        case "catalog list":
            path = f"/loesungen/?page={rng.randint(1, 20)}"
        case "solution page":
            path = f"/loesungen/{rng.choice(data.slugs)}/"
        case "coverage map":
            path = "/ozg-stand/karte/"
        case "coverage Land":
            path = f"/ozg-stand/laender/{rng.choice(LANDS)}/"
        case "coverage municipality":
            path = f"/kommunen/{town}/ozg-stand/"
        case "participation page":
            path = f"/beteiligung/{town}/"
        case "OZG service page":
            path = f"/ozg/{rng.choice(data.services)}/"
        case "account":
            path = "/konto/"
        case "recommendations":
            path = f"/kommunen/{OFFICER_ORG}/empfehlungen/"
        case "claims board":
            path = f"/netzwerke/{data.network}/uebernahmen/"
        case "network page":
            path = f"/netzwerke/{data.network}/"
        case "coverage write (API)":
            level = rng.randint(0, 4)
            body = json.dumps({"level": level, "model": "1.1", "note": f"Lasttest {level}"}).encode()
            headers |= {"Authorization": f"Bearer {data.token}", "Content-Type": "application/json"}
            path = f"/api/v1/organizations/{OFFICER_ORG}/coverage/{rng.choice(data.services)}"
            return "PUT", path, headers, body
        case "API solutions page":
            path = f"/api/v1/solutions?limit=20&offset={20 * rng.randint(0, 100)}"
        case "API solutions search":
            path = "/api/v1/solutions?limit=20&q=" + quote(rng.choice(SEARCHES))
        case "API organisations page":
            path = f"/api/v1/organizations?level=gemeinde&limit=50&offset={50 * rng.randint(0, 200)}"
        case "API services search":
            path = "/api/v1/services?limit=20&q=" + quote(rng.choice(["steuer", "geld", "melde", "bau"]))
        case _:
            raise ValueError(route.name)
    if route.officer:
        headers["Cookie"] = rng.choice(data.sessions)
    if route.role == "api":
        headers["Accept"] = "application/json"
    return "GET", path, headers, None


# -- data and server set-up -------------------------------------------------------------------


def _generate(db: Database, args: argparse.Namespace) -> None:
    db.ensure("migrate", "--noinput", "-v0")
    db.ensure("import-reference", "--quiet")
    db.ensure("load-demo", "--no-user")
    db.ensure("catalog-synthetic", "--count", str(args.solutions), "--seed", "1", "--quiet", timeout=1800)
    db.ensure("reuse-synthetic", "--seed", "1", timeout=1800)
    db.ensure(
        "coverage-synthetic", "--seed", "1", "--limit-orgs", str(args.coverage_orgs), "--quiet", timeout=1800
    )


def prepare(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    """Generate the data (seed 1) and the officer's account; return the database's size."""
    if not args.skip_setup:
        _generate(db, args)

    user = db.ikone(
        "createuser",
        "--email",
        OFFICER_EMAIL,
        "--org",
        OFFICER_ORG,
        "--role",
        "editor",
        "--password",
        OFFICER_PASSWORD,
    )
    if user.returncode != 0 and "gibt es schon" not in user.stderr:  # a database prepared before
        raise RuntimeError(user.stderr)
    token = db.ikone("token", "create", "--email", OFFICER_EMAIL, "--scope", "write")
    if token.returncode != 0:
        raise RuntimeError(token.stderr)
    sizes = db.ikone(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.db import connection; c = connection.cursor(); "
        "q = lambda s: (c.execute(s), c.fetchone()[0])[1]; "
        "print(json.dumps({'organisations': q('select count(*) from organizations_organization'), "
        "'municipalities': q(\"select count(*) from organizations_organization where level='gemeinde'\"), "
        "'ozg_services': q('select count(*) from ozg_service'), "
        "'solutions': q('select count(*) from catalog_solution'), "
        "'adoptions': q('select count(*) from reuse_adoption'), "
        "'coverage_statuses': q('select count(*) from coverage_servicestatus'), "
        "'database_mib': round(q('select pg_database_size(current_database())') / 2**20)}))",
    )
    if sizes.returncode != 0:
        raise RuntimeError(sizes.stderr)
    return {"token": token.stdout.strip(), "size": json.loads(sizes.stdout)}


def _get_json(port: int, path: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return json.loads(body)


def login(port: int) -> str:
    """Sign the officer in through the login form; the Cookie header of the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/anmelden/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not csrf_cookie or not csrf_field:
        raise RuntimeError("login page without CSRF token")
    body = f"csrfmiddlewaretoken={csrf_field[1]}&username={quote(OFFICER_EMAIL)}&password={quote(OFFICER_PASSWORD)}"
    conn.request(
        "POST",
        "/anmelden/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie[1]}",
            "Referer": f"http://127.0.0.1:{port}/anmelden/",
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or not session:
        raise RuntimeError(f"login failed ({response.status})")
    return f"sessionid={session[1]}; csrftoken={csrf_cookie[1]}"


def discover(port: int, token: str) -> Data:
    solutions = _get_json(port, "/api/v1/solutions?limit=100")["items"]
    towns = [
        o["key"] for o in _get_json(port, "/api/v1/organizations?level=gemeinde&land=09&limit=100")["items"]
    ]
    towns += [
        o["key"] for o in _get_json(port, "/api/v1/organizations?level=gemeinde&land=07&limit=100")["items"]
    ]
    services = [s["ozg_id"] for s in _get_json(port, "/api/v1/services?limit=100")["items"]]
    network = _get_json(port, "/api/v1/networks?limit=1")["items"][0]["slug"]
    data = Data([s["slug"] for s in solutions], towns, services, network, token)
    data.sessions = [login(port) for _ in range(3)]
    return data


# -- the open-loop generator ------------------------------------------------------------------


@dataclass
class Sample:
    route: str
    ms: float
    status: int
    error: str = ""
    finished: float = 0.0  # seconds after the step's start


def run_step(port: int, data: Data, rate: float, seconds: float, seed: int, connections: int) -> list[Sample]:
    """Send `rate` requests per second for `seconds`, evenly spaced, from `connections` threads."""
    rng = random.Random(seed)
    weights = [r.weight for r in ROUTES]
    total = int(rate * seconds)
    plan = [
        (i / rate, *build(route, data, rng), route.name)
        for i, route in enumerate(rng.choices(ROUTES, weights, k=total))
    ]
    samples: list[Sample] = []
    lock = threading.Lock()
    position = iter(range(total))
    start = time.perf_counter() + 0.2

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            due, method, path, headers, body, name = plan[index]
            wait = start + due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            status, error = 0, ""
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                conn.close()
            elapsed = (time.perf_counter() - (start + due)) * 1000
            with lock:
                samples.append(Sample(name, elapsed, status, error, time.perf_counter() - start))
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def summarise(samples: list[Sample], rate: float, seconds: float) -> dict[str, Any]:
    latencies = sorted(s.ms for s in samples)
    failed = [s for s in samples if s.error or not 200 <= s.status < 400]
    routes: dict[str, list[float]] = defaultdict(list)
    for s in samples:
        routes[s.route].append(s.ms)
    return {
        "offered_rps": rate,
        "seconds": round(seconds, 1),
        "requests": len(samples),
        "achieved_rps": round(len(samples) / max(max(s.finished for s in samples), seconds), 1),
        "errors": len(failed),
        "error_examples": sorted({f"{s.route}: {s.status} {s.error}" for s in failed})[:5],
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "routes": {
            name: {
                "n": len(values),
                "p50_ms": round(percentile(sorted(values), 50), 1),
                "p99_ms": round(percentile(sorted(values), 99), 1),
            }
            for name, values in sorted(routes.items())
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_jiffies(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def _postgres_pids(port: int) -> list[int]:
    """The benchmark cluster's server and its backends (the postmaster runs with `-p PORT`)."""
    masters = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"postgres") and str(port).encode() in argv:
                masters.append(int(entry.name))
    return [pid for master in masters for pid in (master, *child_pids(master))]


def warm_recommendations(port: int, data: Data, workers: int) -> None:
    """Every worker loads the recommendations' universe on its first such request (≈ 0.4 s, once
    per process, like the catalog snapshot): ask for the page from twice as many connections at
    once as there are workers, a few times, so each worker has it before the steps are measured."""
    route = next(r for r in ROUTES if r.name == "recommendations")
    for round_ in range(3):
        threads = [
            threading.Thread(
                target=request_once, args=(port, route, data, random.Random(round_ * 100 + i)), daemon=True
            )
            for i in range(2 * workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def measure(db: Database, workers: int, token: str, args: argparse.Namespace) -> dict[str, Any]:
    pg_port = int(db.url.rsplit(":", 1)[1].split("/")[0])
    with gunicorn(db, workers=workers) as (port, master):
        data = discover(port, token)
        log(f"{workers} workers: warming up")
        run_step(port, data, 4, 15, seed=0, connections=args.connections)
        warm_recommendations(port, data, workers)
        steps: list[dict[str, Any]] = []
        rate = args.start_rate
        while rate <= args.max_rate:
            pids = child_pids(master) + _postgres_pids(pg_port)
            cpu_before, web_before = _cpu_jiffies(pids), _cpu_jiffies(child_pids(master))
            seconds = max(args.step_seconds, args.step_requests / rate)
            samples = run_step(port, data, rate, seconds, seed=len(steps) + 1, connections=args.connections)
            step = summarise(samples, rate, seconds)
            tick = os.sysconf("SC_CLK_TCK")
            web_ms = (_cpu_jiffies(child_pids(master)) - web_before) * 1000 / tick
            step["cpu_ms_per_request"] = {
                "web": round(web_ms / len(samples), 1),
                "database": round(
                    ((_cpu_jiffies(pids) - cpu_before) * 1000 / tick - web_ms) / len(samples), 1
                ),
            }
            steps.append(step)
            log(
                f"{workers} workers, {rate} req/s offered: achieved {step['achieved_rps']}, p50 {step['p50_ms']} ms, "
                f"p99 {step['p99_ms']} ms, {step['errors']} errors, CPU/request {step['cpu_ms_per_request']}, "
                f"load average {step['load_average'][0]}"
            )
            if step["errors"] or step["p99_ms"] > SUSTAINED_P99_MS:
                break
            rate = round(rate * args.factor, 1)
    target = [s for s in steps if s["p99_ms"] <= TARGET_P99_MS and not s["errors"]]
    sustained = [s for s in steps if s["p99_ms"] <= SUSTAINED_P99_MS and not s["errors"]]
    return {
        "workers": workers,
        "steps": steps,
        "max_rps_p99_le_300ms": target[-1]["offered_rps"] if target else None,
        "max_rps_p99_le_1s": sustained[-1]["offered_rps"] if sustained else None,
        "best": (target or sustained or steps)[-1],
        "errors": sum(s["errors"] for s in steps if s in sustained),
    }


def print_report(result: dict[str, Any]) -> None:
    print("\n## Lasttest (PostgreSQL, gunicorn sync workers)\n")
    print("Daten: " + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in result["size"].items()) + "\n")
    print(
        "| Worker | angeboten Anfragen/s | erreicht | p50 ms | p99 ms | Fehler "
        "| CPU ms/Anfrage Web + DB | Load-Average |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for run in result["runs"]:
        for step in run["steps"]:
            cpu = step["cpu_ms_per_request"]
            print(
                f"| {run['workers']} | {step['offered_rps']} | {step['achieved_rps']} | {step['p50_ms']} | "
                f"{step['p99_ms']} | {step['errors']} | {cpu['web']} + {cpu['database']} | {step['load_average'][0]} |"
            )
    print("\n| Worker | höchste Rate mit p99 ≤ 300 ms | höchste Rate mit p99 ≤ 1 s | Fehler bis dahin |")
    print("|---|---|---|---|")
    for run in result["runs"]:
        print(
            f"| {run['workers']} | {run['max_rps_p99_le_300ms'] or '–'} | {run['max_rps_p99_le_1s'] or '–'} | "
            f"{run['errors']} |"
        )
    for run in result["runs"]:
        best = run["best"]
        print(f"\n### {run['workers']} Worker bei {best['offered_rps']} Anfragen/s: je Route\n")
        print("| Route | Anfragen | p50 ms | p99 ms |")
        print("|---|---|---|---|")
        for name, fig in best["routes"].items():
            print(f"| {name} | {fig['n']} | {fig['p50_ms']} | {fig['p99_ms']} |")
    rates = [r["max_rps_p99_le_1s"] for r in result["runs"]]
    if len(rates) == 2 and all(rates):
        print(
            f"\nVerhältnis (p99 ≤ 1 s) {result['runs'][1]['workers']} zu {result['runs'][0]['workers']} Workern: {rates[1] / rates[0]:.2f}"
        )


@contextlib.contextmanager
def _database(url: str | None) -> Iterator[Database]:
    if not url:
        with open_database("postgres") as db:
            yield db
        return
    var_dir = Path(tempfile.mkdtemp(prefix="ikone-bench-load-"))
    (var_dir / "static").mkdir()
    try:
        yield Database("postgres", url, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def request_once(port: int, route: Route, data: Data, rng: random.Random) -> float:
    """One request of `route` on its own connection; its latency in ms."""
    method, path, headers, body = build(route, data, rng)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    conn.getresponse().read()
    conn.close()
    return (time.perf_counter() - started) * 1000


def probe(port: int, data: Data) -> None:
    """Each route alone, one request after another: warm, then right after a write."""
    rng = random.Random(1)
    write = next(r for r in ROUTES if r.method == "PUT")

    def once(route: Route) -> float:
        return request_once(port, route, data, rng)

    for route in ROUTES:
        warm = sorted(once(route) for _ in range(5))
        once(write)
        after = once(route)
        print(
            f"{route.name:28} warm min {warm[0]:8.1f}  median {warm[2]:8.1f} ms   first after a write {after:8.1f} ms"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", default="2,4", help="gunicorn worker counts, comma-separated")
    parser.add_argument("--solutions", type=int, default=5000)
    parser.add_argument(
        "--coverage-orgs", type=int, default=1000, help="municipalities with synthetic coverage"
    )
    parser.add_argument("--step-seconds", type=float, default=15.0, help="at least this long per step")
    parser.add_argument("--step-requests", type=int, default=60, help="at least this many requests per step")
    parser.add_argument("--start-rate", type=float, default=1.5)
    parser.add_argument("--factor", type=float, default=1.25, help="next offered rate = rate × factor")
    parser.add_argument("--max-rate", type=float, default=400.0)
    parser.add_argument("--connections", type=int, default=48, help="client connections (threads)")
    parser.add_argument("--database-url", help="use this PostgreSQL database instead of a throwaway cluster")
    parser.add_argument(
        "--skip-setup", action="store_true", help="the database (--database-url) has the data"
    )
    parser.add_argument(
        "--probe", action="store_true", help="only time each route alone, before and after a write"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    with _database(args.database_url) as db:
        prepared = prepare(db, args)
        log(f"data: {prepared['size']} (set-up {time.monotonic() - started:.0f} s)")
        if args.probe:
            with gunicorn(db, workers=1) as (port, _master):
                probe(port, discover(port, prepared["token"]))
            return 0
        runs = [measure(db, int(w), prepared["token"], args) for w in args.workers.split(",")]
    result = {
        "size": prepared["size"],
        "runs": runs,
        "cpus": os.cpu_count(),
        "seconds": round(time.monotonic() - started),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print_report(result)
    ok = all(r["max_rps_p99_le_1s"] for r in runs) and not any(r["errors"] for r in runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
