"""ikone benchmarks (`make bench`): reference import and API latency on SQLite and PostgreSQL.

    bench/run.py [--only import,api] [--db sqlite|postgres|both] [--quick]

Tables go to stdout as each section finishes, then a markdown summary with PASS/FAIL against the
targets; everything measured is written to bench/results/latest.json. Exit code 1 if a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console

from infra import ROOT, Database, export_ref, log, open_database, wait_for_quiet
from loadgen import LoadConfig, wrk_available
from scenarios import HEALTH_URL, select
from sections import SECTIONS, Context

RESULTS = ROOT / "bench" / "results" / "latest.json"
FULL_LOAD = LoadConfig(clients=4, max_requests=2000, max_seconds=15.0, warmup_requests=20)
QUICK_LOAD = LoadConfig(clients=4, max_requests=500, max_seconds=4.0, warmup_requests=12)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated sections ({', '.join(SECTIONS)})"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--quick", action="store_true", help="fewer requests per URL (about 1–2 minutes in all)"
    )
    parser.add_argument("--scenarios", default="", help="comma-separated API scenarios (default: all)")
    parser.add_argument("--clients", type=int, help="concurrent client connections (default 4)")
    parser.add_argument("--requests", type=int, help="measured requests per URL, at most")
    parser.add_argument("--seconds", type=float, help="seconds per URL, at most")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--loadgen",
        choices=("python", "wrk", "auto"),
        default="python",
        help="load generator; 'auto' uses wrk when installed (default: python, the same everywhere)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        help="before each section, wait up to this many seconds for other processes to use ≤ 10%% CPU "
        "(default 30, with --quick 10; 0 disables)",
    )
    parser.add_argument(
        "--ref",
        help="benchmark this git revision (its src/ and data/, exported to a temporary directory) "
        "instead of the working tree",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary var dirs (logs, SQLite file)")
    return parser.parse_args(argv)


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def _server_version(db: Database) -> str:
    if db.kind == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    try:
        import psycopg

        with psycopg.connect(db.url) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return f"PostgreSQL {row[0] if row else '?'}"
    except Exception as exc:  # the version is informative only
        return f"PostgreSQL (version unknown: {exc})"


def meta(args: argparse.Namespace, load: LoadConfig, generator: str) -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--", "src", "data")),
        "cpus": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "args": {k: str(v) for k, v in vars(args).items()},
        "load": asdict(load),
        "generator": generator,
        "databases": {},
    }


def run(args: argparse.Namespace) -> int:
    console = Console(width=max(Console().width, 140))
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise SystemExit(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    sections = [s for s in SECTIONS if s in sections]  # always in the canonical order
    try:
        scenarios = select([s.strip() for s in args.scenarios.split(",") if s.strip()])
    except ValueError as exc:
        raise SystemExit(str(exc)) from exc
    base = QUICK_LOAD if args.quick else FULL_LOAD
    load = LoadConfig(
        clients=args.clients or base.clients,
        max_requests=args.requests or base.max_requests,
        max_seconds=args.seconds or base.max_seconds,
        warmup_requests=base.warmup_requests,
    )
    generator = args.loadgen
    if generator == "auto":
        generator = "wrk" if wrk_available() else "python"
    elif generator == "wrk" and not wrk_available():
        log("wrk is not installed (apt-get install wrk); using the Python load generator")
        generator = "python"
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ctx = Context(console=console, load=load, generator=generator, scenarios=scenarios, workers=args.workers)
    report: dict[str, Any] = {"meta": meta(args, load, generator), "results": {}, "checks": []}
    with contextlib.ExitStack() as stack:
        source: Path | None = None
        if args.ref:
            source, commit = stack.enter_context(export_ref(args.ref))
            report["meta"].update(commit=commit, dirty=False, source=f"git {args.ref} ({commit[:10]})")
        else:
            report["meta"]["source"] = "working tree"
        _run_all(args, ctx, report, kinds, sections, source)
    report["checks"] = [asdict(c) for c in ctx.checks]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(markdown_summary(report))
    log(f"results written to {args.output} ({report['meta']['duration_s']} s in all)")
    return 1 if any(c.status == "FAIL" for c in ctx.checks) else 0


def _run_all(
    args: argparse.Namespace,
    ctx: Context,
    report: dict[str, Any],
    kinds: list[str],
    sections: list[str],
    source: Path | None,
) -> None:
    started = time.monotonic()
    for kind in kinds:
        report["results"][kind] = {}
        try:
            with open_database(kind, keep=args.keep, source=source) as db:
                report["meta"]["databases"][kind] = _server_version(db)
                for name in sections:
                    quiet = _wait_quiet(args, kind, name)
                    section_started = time.monotonic()
                    try:
                        report["results"][kind][name] = SECTIONS[name](db, ctx)
                        report["results"][kind][name]["quiet_before"] = quiet
                    except Exception as exc:
                        log(f"{kind}: section {name} failed: {exc}")
                        report["results"][kind][name] = {"error": str(exc)}
                        ctx.check(f"{name}: section ran", kind, type(exc).__name__, "no error", False)
                    log(f"{kind}: section {name} took {time.monotonic() - section_started:.0f} s")
        except Exception as exc:
            log(f"{kind}: database setup failed: {exc}")
            report["results"][kind]["error"] = str(exc)
            ctx.check("database setup", kind, type(exc).__name__, "no error", False)
    report["meta"]["duration_s"] = round(time.monotonic() - started, 1)


def _wait_quiet(args: argparse.Namespace, kind: str, section: str) -> dict[str, float] | None:
    max_wait = args.wait_quiet if args.wait_quiet is not None else (10.0 if args.quick else 30.0)
    if max_wait <= 0:
        return None
    quiet = wait_for_quiet(max_wait)
    if not quiet["quiet"]:
        log(
            f"{kind}: other processes still use {quiet['foreign_cpu']:.0%} of the CPU after "
            f"{quiet['waited_s']:.0f} s; running {section} anyway (figures will be disturbed)"
        )
    return quiet


def markdown_summary(report: dict[str, Any]) -> str:
    """The checks and the API figures as markdown."""
    m = report["meta"]
    dbs = ", ".join(m["databases"].values()) or "–"
    lines = [
        "",
        "## ikone benchmarks",
        "",
        f"{m['date']} · commit {m['commit'][:10]}{' (dirty)' if m['dirty'] else ''} · {m['source']} · {m['cpus']} CPUs · "
        f"load average at start {m['loadavg_at_start'][0]} · Python {m['python']} · Django {m['django']} · {dbs}",
        "",
        "| Check | DB | Measured | Target | Result |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {c['name']} | {c['db']} | {c['value']} | {c['target']} | {c['status']} |"
        for c in report["checks"]
    ]
    for kind, sections in report["results"].items():
        api = sections.get("api")
        if not api or "error" in api:
            continue
        load = api["load"]
        lines += [
            "",
            f"### API latency · {kind} ({api['workers']} sync workers, {load['clients']} clients, "
            f"≤ {load['max_requests']} requests or ≤ {load['max_seconds']:.0f} s per URL, {api['generator']})",
            "",
            "| URL | n | req/s | p50 ms | p90 ms | p99 ms | health p99 ms (just before) | p99 / health | p50 / health | other CPU |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        h = api["health_before"]
        lines.append(_md_row(HEALTH_URL, h, 1.0, 1.0, h["foreign_cpu"], " (baseline)"))
        for sc in api["scenarios"].values():
            for ep in sc["endpoints"]:
                if ep["result"]:
                    baseline = ep.get("baseline", {}).get("p99_ms")
                    lines.append(
                        _md_row(
                            ep["url"],
                            ep["result"],
                            ep["p99_ratio"],
                            ep["p50_ratio"],
                            ep["foreign_cpu"],
                            "",
                            baseline,
                        )
                    )
                else:
                    lines.append(
                        f"| {ep['url']} | – | – | – | – | HTTP {ep['preflight_status']} | – | – | – | – |"
                    )
        if api.get("health_after"):
            lines.append(
                _md_row(
                    HEALTH_URL,
                    api["health_after"],
                    api["health_drift_p99"],
                    None,
                    api["health_after"]["foreign_cpu"],
                    " (again: drift)",
                )
            )
        rss = api["rss"]
        lines += [
            "",
            f"gunicorn RSS: peak {rss['max_worker_peak_mib']} MiB per worker, "
            f"{rss['sum_workers_peak_mib']} MiB for {rss['workers']} workers together, master {rss['master_rss_mib']} MiB.",
        ]
    return "\n".join(lines) + "\n"


def _md_row(
    url: str,
    r: dict[str, Any],
    p99r: float | None,
    p50r: float | None,
    foreign: float,
    note: str = "",
    baseline: float | None = None,
) -> str:
    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    return (
        f"| `{url}`{note} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | "
        f"{r['p99_ms']:.2f} | {fmt(baseline)} | {fmt(p99r)} | {fmt(p50r)} | {foreign:.0%} |"
    )


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds the context managers: gunicorn and the cluster stop


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(run(parse_args()))
    except KeyboardInterrupt:
        log("interrupted; temporary databases and servers were stopped")
        sys.exit(130)
