"""HTTP load generators: a stdlib one (keep-alive client threads) and an optional wrapper around wrk.

A path may list alternatives separated by `|` (e.g. several organisations): the Python generator's
clients then cycle through them, each starting at a different one, so one measurement covers
realistic mixed traffic instead of one repeated URL. wrk loads only the first alternative.

Both send the headers a browser or an HTTP library sends by default (`REQUEST_HEADERS`: JSON,
gzip accepted); compressed bodies are read, not decompressed (the time is the server's and the
network's, to the last byte), and the size column shows bytes on the wire.
"""

from __future__ import annotations

import http.client
import math
import re
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

ALTERNATIVES = "|"
REQUEST_HEADERS = {"Accept": "application/json", "Accept-Encoding": "gzip"}


def display(path: str, limit: int = 8) -> str:
    """`path` for tables and logs: long lists of alternatives shortened to the first and a count."""
    paths = alternatives(path)
    return path if len(paths) <= limit else f"{paths[0]}|… ({len(paths)} URLs)"


def alternatives(path: str) -> list[str]:
    """The URLs a load path stands for (one, or several separated by `|`)."""
    return [p for p in path.split(ALTERNATIVES) if p]


@dataclass(frozen=True)
class LoadConfig:
    """How much load to put on one URL: concurrency plus bounds in request count and time."""

    clients: int = 4
    max_requests: int = 2000
    max_seconds: float = 15.0
    warmup_requests: int = 20
    timeout: float = 10.0


@dataclass
class LoadResult:
    """Latency and throughput of one URL under load."""

    path: str
    generator: str
    clients: int
    requests: int = 0
    errors: int = 0
    non_2xx: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    mean_ms: float = 0.0
    response_bytes: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty list)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


class _Budget:
    """The measured requests still to send, shared by all clients so concurrency stays constant."""

    def __init__(self, total: int) -> None:
        self.left = total
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


class _Worker(threading.Thread):
    """One client: a keep-alive connection that reconnects whenever the server closes it."""

    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        budget: _Budget,
        warmup: int,
        cfg: LoadConfig,
        barrier: threading.Barrier,
        start: int = 0,
    ) -> None:
        super().__init__(daemon=True)
        self.host, self.port = host, port
        self.paths = alternatives(path)
        self.next = start % len(self.paths)
        self.budget, self.warmup, self.cfg, self.barrier = budget, warmup, cfg, barrier
        self.deadline = 0.0
        self.latencies_ns: list[int] = []
        self.errors = 0
        self.non_2xx = 0
        self.last_size = 0
        self.conn = http.client.HTTPConnection(host, port, timeout=cfg.timeout)

    def _one(self) -> tuple[int, int]:
        """Send one GET; return (status, body size); status 0 on a transport error."""
        path = self.paths[self.next]
        self.next = (self.next + 1) % len(self.paths)
        try:
            self.conn.request("GET", path, headers=REQUEST_HEADERS)
            response = self.conn.getresponse()
            body = response.read()
            if response.will_close:
                self.conn.close()
            return response.status, len(body)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return 0, 0

    def run(self) -> None:
        for _ in range(self.warmup):
            self._one()
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            return
        self.deadline = time.monotonic() + self.cfg.max_seconds
        while time.monotonic() < self.deadline and self.budget.take():
            started = time.perf_counter_ns()
            status, size = self._one()
            elapsed = time.perf_counter_ns() - started
            if status == 0:
                self.errors += 1
                continue
            self.latencies_ns.append(elapsed)
            self.last_size = size
            if not 200 <= status < 300:
                self.non_2xx += 1
        self.conn.close()


def run_python(host: str, port: int, path: str, cfg: LoadConfig) -> LoadResult:
    """Load `path` with `cfg.clients` threads until `max_requests` are done or `max_seconds` have passed."""
    clients = max(1, cfg.clients)
    barrier = threading.Barrier(clients + 1)
    budget = _Budget(cfg.max_requests)
    warmups = [
        cfg.warmup_requests // clients + (1 if i < cfg.warmup_requests % clients else 0)
        for i in range(clients)
    ]
    # each client starts at its own share of the alternatives, so they don't ask the same in turn
    spread = max(1, len(alternatives(path)) // clients)
    workers = [
        _Worker(host, port, path, budget, w, cfg, barrier, start=i * spread) for i, w in enumerate(warmups)
    ]
    for worker in workers:
        worker.start()
    result = LoadResult(path=path, generator="python", clients=clients)
    try:
        barrier.wait(timeout=cfg.timeout * (max(warmups) + 1))
    except threading.BrokenBarrierError:
        result.notes.append("warm-up did not finish in time")
        return result
    started = time.perf_counter()
    for worker in workers:
        worker.join(timeout=cfg.max_seconds + cfg.timeout + 5)
    seconds = time.perf_counter() - started
    latencies = sorted(ns / 1e6 for w in workers for ns in w.latencies_ns)
    result.seconds = round(seconds, 3)
    result.requests = len(latencies)
    result.errors = sum(w.errors for w in workers)
    result.non_2xx = sum(w.non_2xx for w in workers)
    result.response_bytes = max((w.last_size for w in workers), default=0)
    if latencies:
        result.rps = round(len(latencies) / seconds, 1)
        result.p50_ms = round(percentile(latencies, 50), 3)
        result.p90_ms = round(percentile(latencies, 90), 3)
        result.p99_ms = round(percentile(latencies, 99), 3)
        result.max_ms = round(latencies[-1], 3)
        result.mean_ms = round(sum(latencies) / len(latencies), 3)
    if any(w.is_alive() for w in workers):
        result.notes.append("a client thread did not finish in time")
    return result


_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return 0.0
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def wrk_available() -> bool:
    """True when the `wrk` binary is on PATH."""
    return shutil.which("wrk") is not None


def run_wrk(host: str, port: int, path: str, cfg: LoadConfig) -> LoadResult:
    """Load `path` with wrk (bounded by time only; wrk has no request count)."""
    url = f"http://{host}:{port}{alternatives(path)[0]}"
    threads = max(1, min(2, cfg.clients))
    warm = ["wrk", "-t1", "-c1", "-d1s", "--timeout", f"{cfg.timeout:.0f}s", url]
    subprocess.run(warm, capture_output=True, text=True, check=False, timeout=cfg.timeout + 10)
    cmd = ["wrk", f"-t{threads}", f"-c{cfg.clients}", f"-d{max(1, round(cfg.max_seconds))}s"]
    headers = [arg for name, value in REQUEST_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    cmd += ["--latency", "--timeout", f"{cfg.timeout:.0f}s", *headers, url]
    out = subprocess.run(
        cmd, capture_output=True, text=True, check=False, timeout=cfg.max_seconds + cfg.timeout + 10
    ).stdout
    result = LoadResult(path=path, generator="wrk", clients=cfg.clients)
    for pct, attr in (("50", "p50_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE)
        if match:
            setattr(result, attr, round(_to_ms(match.group(1)), 3))
    if match := re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out):
        result.mean_ms = round(_to_ms(match.group(1)), 3)
        result.max_ms = round(_to_ms(match.group(3)), 3)
    if match := re.search(r"(\d+) requests in ([\d.]+)(\w+)", out):
        result.requests = int(match.group(1))
        result.seconds = round(_to_ms(match.group(2) + match.group(3)) / 1e3, 3)
    if match := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result.rps = float(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result.non_2xx = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        # gunicorn's sync workers close every connection; wrk counts those closes as read errors.
        result.errors = int(match.group(1)) + int(match.group(3)) + int(match.group(4))
    if not result.requests:
        result.notes.append("wrk output not understood: " + out.strip()[-200:])
    return result


def run_load(host: str, port: int, path: str, cfg: LoadConfig, generator: str = "python") -> LoadResult:
    """Dispatch to the chosen generator."""
    if generator == "wrk":
        return run_wrk(host, port, path, cfg)
    return run_python(host, port, path, cfg)
