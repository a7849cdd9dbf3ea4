"""Throwaway databases (SQLite file, PostgreSQL cluster), `ikone` commands, and a gunicorn server."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
IKONE = str(BIN / "ikone")
GUNICORN = str(BIN / "gunicorn")
WITH_POSTGRES = ROOT / "scripts" / "with-postgres.sh"
DEFAULT_PG_PORT = 54339

# Blocks until stdin closes, so the cluster lives exactly as long as the benchmark process.
_PG_HOLDER = "import os, sys; print(os.environ['DATABASE_URL'], flush=True); sys.stdin.read()"


def log(message: str) -> None:
    """Progress line on stderr (stdout carries the tables and the summary)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port(preferred: int | None = None) -> int:
    """`preferred` if nothing listens there on 127.0.0.1, else the next free one (or any free port)."""
    candidates = range(preferred, preferred + 50) if preferred else [0]
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise RuntimeError(f"no free port near {preferred}")


@dataclass
class CommandRun:
    """One finished `ikone` command: wall time, exit code, output."""

    args: tuple[str, ...]
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0


@dataclass
class Database:
    """A benchmark database and the `ikone` steps already run against it."""

    kind: str
    url: str
    var_dir: Path
    source: Path | None = None
    done: set[tuple[str, ...]] = field(default_factory=set)

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for `ikone`/gunicorn: this database, a private var dir, dev settings."""
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ALLOWED_HOSTS"}}
        env.update(
            DATABASE_URL=self.url,
            IKONE_VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE="ikone.config.settings.dev",
            PYTHONDONTWRITEBYTECODE="1",
        )
        if self.source:
            env["PYTHONPATH"] = str(self.source / "src")
        env.update(extra)
        return env

    def ikone(self, *args: str, timeout: float = 600) -> CommandRun:
        """Run `ikone ARGS` and time it (wall clock, including interpreter and Django start-up)."""
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(
            [IKONE, *args],
            env=self.env(),
            cwd=self.var_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
        run = CommandRun(args, seconds, proc.returncode, proc.stdout, proc.stderr, cpu)
        if proc.returncode == 0:
            self.done.add(args)
        return run

    def ensure(self, *args: str, timeout: float = 600) -> None:
        """Run `ikone ARGS` unless it already succeeded on this database; raise if it fails."""
        if args in self.done:
            return
        log(f"{self.kind}: ikone {' '.join(args)}")
        run = self.ikone(*args, timeout=timeout)
        if run.returncode != 0:
            raise RuntimeError(f"ikone {' '.join(args)} failed ({run.returncode}):\n{run.stderr[-2000:]}")


@contextlib.contextmanager
def open_database(kind: str, keep: bool = False, source: Path | None = None) -> Iterator[Database]:
    """A fresh, empty database of `kind` ("sqlite" or "postgres"), removed afterwards.

    With `source` (see `export_ref`), ikone runs from that tree instead of the working tree.
    """
    var_dir = Path(tempfile.mkdtemp(prefix=f"ikone-bench-{kind}-"))
    (var_dir / "static").mkdir()
    try:
        if kind == "sqlite":
            yield Database(kind, f"sqlite:///{var_dir / 'ikone.sqlite3'}", var_dir, source)
        elif kind == "postgres":
            with _postgres_cluster() as url:
                yield Database(kind, url, var_dir, source)
        else:
            raise ValueError(kind)
    finally:
        if keep:
            log(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


@contextlib.contextmanager
def export_ref(ref: str) -> Iterator[tuple[Path, str]]:
    """`src/` and `data/` of git revision `ref` in a temporary directory; yields (dir, commit)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = Path(tempfile.mkdtemp(prefix="ikone-bench-src-"))
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "src", "data"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        yield target, commit
    finally:
        shutil.rmtree(target, ignore_errors=True)


@contextlib.contextmanager
def _postgres_cluster() -> Iterator[str]:
    """Start scripts/with-postgres.sh around a process that holds the cluster open; yield its URL."""
    env = dict(os.environ)
    env.setdefault("IKONE_PG_PORT", str(free_port(DEFAULT_PG_PORT)))
    log(f"postgres: starting throwaway cluster on port {env['IKONE_PG_PORT']}")
    holder = subprocess.Popen(
        ["bash", str(WITH_POSTGRES), sys.executable, "-c", _PG_HOLDER],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        url = holder.stdout.readline().strip()
        if not url.startswith("postgres"):
            raise RuntimeError(f"scripts/with-postgres.sh failed (exit {holder.wait(timeout=30)})")
        yield url
    finally:
        holder.stdin.close()
        try:
            holder.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(holder.pid, signal.SIGTERM)
            holder.wait(timeout=30)


def _read_status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def child_pids(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc."""
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


class RssSampler(threading.Thread):
    """Samples VmRSS/VmHWM of the gunicorn workers; keeps per-worker and summed peaks.

    Runs in the load generator's process, so it stays cheap: the worker list is refreshed every
    `refresh` s and only their /proc/PID/status files are read between refreshes.
    """

    def __init__(self, master: int, interval: float = 0.25, refresh: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.master, self.interval, self.refresh = master, interval, refresh
        self.peak_kib: dict[int, int] = {}
        self.hwm_kib: dict[int, int] = {}
        self.peak_sum_kib = 0
        self.samples = 0
        self._pids: list[int] = []
        self._listed = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        if time.monotonic() - self._listed > self.refresh:
            self._pids = child_pids(self.master)
            self._listed = time.monotonic()
        total = 0
        for pid in self._pids:
            rss = _read_status_kib(pid, "VmRSS")
            total += rss
            self.peak_kib[pid] = max(self.peak_kib.get(pid, 0), rss)
            self.hwm_kib[pid] = max(self.hwm_kib.get(pid, 0), _read_status_kib(pid, "VmHWM"))
        self.peak_sum_kib = max(self.peak_sum_kib, total)
        self.samples += 1

    def stop(self) -> dict[str, object]:
        """Stop sampling (after one last sample) and return the figures in MiB."""
        self._stop_event.set()
        self.join(timeout=5)
        self._listed = 0.0
        self.sample()
        peaks = {pid: max(self.peak_kib.get(pid, 0), self.hwm_kib.get(pid, 0)) for pid in self.peak_kib}
        return {
            "workers": len(peaks),
            "worker_peak_mib": {str(pid): round(kib / 1024, 1) for pid, kib in sorted(peaks.items())},
            "max_worker_peak_mib": round(max(peaks.values(), default=0) / 1024, 1),
            "sum_workers_peak_mib": round(self.peak_sum_kib / 1024, 1),
            "master_rss_mib": round(_read_status_kib(self.master, "VmRSS") / 1024, 1),
            "samples": self.samples,
        }


@contextlib.contextmanager
def gunicorn(db: Database, workers: int = 2, ready_timeout: float = 30) -> Iterator[tuple[int, int]]:
    """Serve ikone on 127.0.0.1 with `workers` sync workers; yield (port, master pid)."""
    port = free_port()
    logfile = db.var_dir / "gunicorn.log"
    cmd = [GUNICORN, "ikone.config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    cmd += ["--worker-class", "sync", "--log-level", "warning", "--error-logfile", str(logfile)]
    env = db.env(DEBUG="false", ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="ERROR")
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=db.var_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_ready(port, proc, logfile, timeout=ready_timeout)
        deadline = time.monotonic() + 15
        while len(child_pids(proc.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.1)
        yield port, proc.pid
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _wait_ready(port: int, proc: subprocess.Popen[bytes], logfile: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/api/v1/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    tail = logfile.read_text()[-2000:] if logfile.exists() else ""
    raise RuntimeError(f"gunicorn did not become ready on port {port}:\n{tail}")


def _stat_fields(pid: int | str) -> list[str]:
    """Fields of /proc/PID/stat after the command name (index 0 is the state)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _ours(master: int | None) -> set[int]:
    """This process, the gunicorn master and workers, and every PostgreSQL process."""
    pids = {os.getpid()}
    if master:
        pids |= {master, *child_pids(master)}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.add(int(entry.name))
    return pids


@dataclass
class CpuSnapshot:
    """Machine-wide busy/total jiffies and the jiffies of the benchmark's own processes."""

    busy: int
    total: int
    ours: dict[int, int]


def cpu_snapshot(master: int | None = None) -> CpuSnapshot:
    """Read /proc/stat and the CPU time of our processes (client, gunicorn, PostgreSQL, finished children).

    PostgreSQL processes are recognised by name, so a concurrent test cluster counts as ours.
    """
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    busy = user + nice + system + irq + softirq + steal
    ours: dict[int, int] = {}
    for pid in _ours(master):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = _stat_fields(pid)
            ours[pid] = int(fields[11]) + int(fields[12])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours[-1] = round((children.ru_utime + children.ru_stime) * os.sysconf("SC_CLK_TCK"))
    return CpuSnapshot(busy, busy + idle + iowait, ours)


def foreign_cpu_share(before: CpuSnapshot, after: CpuSnapshot) -> float:
    """Share of the machine's CPU capacity used by other processes between two snapshots (0–1)."""
    total = after.total - before.total
    if total <= 0:
        return 0.0
    ours = sum(jiffies - before.ours.get(pid, 0) for pid, jiffies in after.ours.items())
    return round(max(0.0, (after.busy - before.busy) - ours) / total, 3)


def wait_for_quiet(max_wait: float, threshold: float = 0.10, window: float = 1.0) -> dict[str, float]:
    """Wait (at most `max_wait` s) until other processes use ≤ `threshold` of the CPU over `window` s."""
    started = time.monotonic()
    share = 0.0
    while True:
        before = cpu_snapshot()
        time.sleep(window)
        share = foreign_cpu_share(before, cpu_snapshot())
        waited = time.monotonic() - started
        if share <= threshold or waited >= max_wait:
            return {"waited_s": round(waited, 1), "foreign_cpu": share, "quiet": float(share <= threshold)}
