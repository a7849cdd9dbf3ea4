"""The documented systemd setup, started as systemd would start it. No init system runs in the test
environment, so the test reads deploy/systemd/ikone-web.service and ikone-worker.service and does
what systemd does with them: a clean environment from `Environment=` and `EnvironmentFile=` (built
from deploy/env.example, pointing at a PostgreSQL server of the test's own with the role and
database an operator creates), `WorkingDirectory=`, `RuntimeDirectory=`, every `ExecStartPre=` in
order (each must succeed), then the `ExecStart=` command lines of web and worker, and on stop the
unit's `KillMode=` with SIGTERM. Only the documented paths are mapped: /srv/ikone/.venv to the
project's virtual environment, /srv/ikone to the project, /var/lib/ikone and /run/ikone to
temporary directories, and the bind port to a free one.

Then it proves the setup works behind the documented reverse proxy (requests carry the headers
deploy/nginx/ikone.conf sets): liveness and readiness, a page with its static files served by
WhiteNoise, a harvest started through the API runs in the worker process and its solution is in
the catalog, and SIGTERM stops both services within their stop timeout. A second test runs the
commands of deploy/compose.yaml's services the same way."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from django.db import connection

from ikone.harvesting.tests.fakes import VALID_FILES, developers_italia, serve, software_item
from tests.processes import BIN, OwnPostgres, free_port, wait_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="starts a PostgreSQL server of its own; runs in the PostgreSQL pass of make test",
)

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
HOST = "ikone.example.de"  # ALLOWED_HOSTS in deploy/env.example
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
STOP_BOUND_SECONDS = 30  # well inside TimeoutStopSec (web: systemd's 90 s, worker: 60 s)


@dataclass
class Unit:
    """The [Service] section of a unit file; settings that may repeat keep every value in order."""

    path: Path
    settings: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Unit:
        unit = cls(path)
        section = ""
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
            elif section == "Service":
                key, value = line.split("=", 1)
                unit.settings.setdefault(key.strip(), []).append(value.strip())
        return unit

    def one(self, key: str, default: str = "") -> str:
        return self.settings.get(key, [default])[-1]

    def all(self, key: str) -> list[str]:
        return self.settings.get(key, [])


class Paths:
    """The documented paths of the units, mapped into the test's directories."""

    def __init__(self, base: Path, port: int) -> None:
        self.var = base / "var-lib-ikone"
        self.run = base / "run-ikone"
        self.port = port
        self.mapping = [
            ("/srv/ikone/.venv", str(BIN.parent)),
            ("/srv/ikone", str(ROOT)),
            ("/var/lib/ikone", str(self.var)),
            ("/run/ikone", str(self.run)),
            ("127.0.0.1:8000", f"127.0.0.1:{port}"),
        ]

    def __call__(self, text: str) -> str:
        for documented, here in self.mapping:
            text = text.replace(documented, here)
        return text


def env_file(text: str) -> dict[str, str]:
    """`KEY=value` lines as systemd's EnvironmentFile= reads them (comments and blank lines skipped)."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith(("#", ";")):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("\"'")
    return values


def unit_environment(unit: Unit, paths: Paths) -> dict[str, str]:
    """systemd's environment for the unit's commands: its own minimal base, Environment=, then
    EnvironmentFile= (which overrides Environment=). PYTHONPATH is passed on only so that the
    processes import the code under test when it is not the virtual environment's own checkout."""
    env = {"PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    for line in unit.all("Environment"):
        for assignment in shlex.split(line):
            key, value = assignment.split("=", 1)
            env[key] = paths(value)
    for name in unit.all("EnvironmentFile"):
        env |= {
            key: paths(value) for key, value in env_file(Path(paths(name.lstrip("-"))).read_text()).items()
        }
    return env


class Service:
    """One unit's main process, started from its ExecStart= like systemd: in its own process group
    (the unit's control group), output to a journal file."""

    def __init__(self, unit: Unit, paths: Paths, journal: Path) -> None:
        self.unit = unit
        self.paths = paths
        self.env = unit_environment(unit, paths)
        self.cwd = paths(unit.one("WorkingDirectory", "/"))
        self.journal = journal
        self.process: subprocess.Popen[bytes] | None = None

    def argv(self, command: str) -> list[str]:
        return [self.paths(word) for word in shlex.split(command)]

    def run_pre(self) -> None:
        for command in self.unit.all("ExecStartPre"):
            with self.journal.open("ab") as log:
                done = subprocess.run(
                    self.argv(command),
                    env=self.env,
                    cwd=self.cwd,
                    stdout=log,
                    stderr=log,
                    timeout=600,
                    check=False,
                )
            assert done.returncode == 0, f"{command} failed:\n{self.journal.read_text()[-3000:]}"

    def start(self) -> None:
        if self.unit.one("RuntimeDirectory"):
            self.paths.run.mkdir(mode=0o755, exist_ok=True)
        self.run_pre()
        with self.journal.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv(self.unit.one("ExecStart")),
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def stop(self) -> float:
        """systemctl stop: SIGTERM to the main process (KillMode=mixed) or to the whole group
        (control-group, the default); the seconds until every process of the unit is gone."""
        assert self.process is not None
        started = time.monotonic()
        if self.unit.one("KillMode", "control-group") == "control-group":
            os.killpg(self.process.pid, signal.SIGTERM)
        else:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=STOP_BOUND_SECONDS)
        assert wait_for(lambda: not _group_alive(self.process.pid), seconds=STOP_BOUND_SECONDS), (
            "processes of the unit are left over"
        )
        return time.monotonic() - started

    def kill(self) -> None:
        if self.process is not None and _group_alive(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the test looks at redirects itself


OPENER = urllib.request.build_opener(_NoRedirect)


def request(
    base: str, path: str, *, method: str = "GET", body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    sent = dict(headers or {}) | ({"Content-Type": "application/json"} if data else {})
    try:
        with OPENER.open(
            urllib.request.Request(base + path, data=data, method=method, headers=sent),  # noqa: S310
            timeout=60,
        ) as answer:
            return int(answer.status), dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return int(error.code), dict(error.headers), error.read()


@pytest.fixture
def database() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


def test_the_documented_systemd_setup_serves_runs_jobs_and_stops_cleanly(
    database: OwnPostgres, tmp_path: Path
) -> None:
    # The operator's part (docs/operations.md): a role and database for ikone, /etc/ikone/ikone.env.
    documented = env_file((DEPLOY / "env.example").read_text())
    with psycopg.connect(database.url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE ikone LOGIN PASSWORD '{documented['POSTGRES_PASSWORD']}'")
        admin.execute("CREATE DATABASE ikone OWNER ikone")
    database_url = re.sub(r"@[^/]+/", f"@127.0.0.1:{database.port}/", documented["DATABASE_URL"])
    etc = tmp_path / "etc-ikone"
    etc.mkdir()
    settings = (DEPLOY / "env.example").read_text().replace(documented["DATABASE_URL"], database_url)
    # the harvest source below is a fake on this machine; an operator names internal sources so
    settings += "OUTGOING_ALLOWED_HOSTS=127.0.0.1\n"
    (etc / "ikone.env").write_text(settings)

    paths = Paths(tmp_path, free_port())
    paths.mapping.insert(0, ("/etc/ikone", str(etc)))
    paths.var.mkdir()
    web = Service(Unit.read(DEPLOY / "systemd" / "ikone-web.service"), paths, tmp_path / "web.log")
    worker = Service(Unit.read(DEPLOY / "systemd" / "ikone-worker.service"), paths, tmp_path / "worker.log")
    base = f"http://127.0.0.1:{paths.port}"
    try:
        web.start()  # ExecStartPre (migrate, collectstatic), then gunicorn
        worker.start()  # After=ikone-web.service
        assert wait_for(lambda: _answers(base), seconds=120), web.journal.read_text()[-3000:]

        status, _, body = request(base, "/api/v1/health", headers=PROXY_HEADERS)
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        status, _, body = request(base, "/api/v1/ready", headers=PROXY_HEADERS)
        assert status == 200
        assert json.loads(body)["checks"] == {"database": "ok", "queue": "ok"}

        # behind the proxy as plain http: ikone sends the client to https (SECURE_SSL_REDIRECT)
        status, headers, _ = request(base, "/", headers={"Host": HOST})
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/"

        status, _, page = request(base, "/", headers=PROXY_HEADERS)
        assert status == 200
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page.decode())
        assert stylesheets
        for href in stylesheets:  # collected with hashed names; WhiteNoise serves them compressed
            assert re.search(r"\.[0-9a-f]{12}\.css$", href), href
            status, headers, css = request(base, href, headers=PROXY_HEADERS | {"Accept-Encoding": "gzip"})
            assert status == 200
            assert headers["Content-Encoding"] == "gzip"
            assert "immutable" in headers["Cache-Control"]
            assert css

        _a_harvest_started_through_the_api_runs_in_the_worker(web, base)
        _the_container_health_check_passes(web)

        web_stop = web.stop()
        worker_stop = worker.stop()
        assert web.process is not None
        assert worker.process is not None
        assert web.process.returncode == 0, web.journal.read_text()[-3000:]
        assert worker.process.returncode in (0, -signal.SIGTERM), worker.journal.read_text()[-3000:]
        assert web_stop < STOP_BOUND_SECONDS
        assert worker_stop < STOP_BOUND_SECONDS
    finally:
        worker.kill()
        web.kill()


def _answers(base: str) -> bool:
    try:
        return request(base, "/api/v1/health", headers=PROXY_HEADERS)[0] == 200
    except OSError:
        return False


def _a_harvest_started_through_the_api_runs_in_the_worker(web: Service, base: str) -> None:
    def ikone(*args: str, extra: dict[str, str] | None = None) -> str:
        return subprocess.run(
            [str(BIN / "ikone"), *args],
            env=web.env | (extra or {}),
            cwd=web.cwd,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout.strip()

    ikone(
        "createsuperuser",
        "--noinput",
        "--email",
        "betrieb@example.de",
        extra={"DJANGO_SUPERUSER_PASSWORD": "ein-langes-passwort-fuer-den-test"},
    )
    token = ikone("token", "create", "--email", "betrieb@example.de", "--scope", "write")
    api = PROXY_HEADERS | {"Authorization": f"Bearer {token}"}
    solution = VALID_FILES[0]
    with serve() as fake:
        developers_italia(fake, [software_item("0000-1", solution.read_text(), "https://github.com/it/x")])
        source = {
            "slug": "italia",
            "name": "Italia",
            "kind": "developers_italia",
            "base_url": fake.base + "/v1/software",
        }
        status, _, body = request(base, "/api/v1/harvest/sources", method="POST", body=source, headers=api)
        assert status == 201, body
        status, _, body = request(
            base, "/api/v1/harvest/sources/italia/runs", method="POST", body={}, headers=api
        )
        assert status == 202, body

        def finished() -> dict[str, Any] | None:
            runs = json.loads(request(base, "/api/v1/harvest/runs", headers=api)[2])["items"]
            return runs[0] if runs and runs[0]["status"] != "running" else None

        assert wait_for(lambda: finished() is not None, seconds=120, step=1), web.journal.read_text()[-3000:]
    run = finished()
    assert run is not None
    assert (run["status"], run["counts"]["created"]) == ("finished", 1), run
    status, _, body = request(base, "/api/v1/solutions", headers=PROXY_HEADERS)
    assert status == 200
    assert json.loads(body)["count"] == 1


def _the_container_health_check_passes(web: Service) -> None:
    """deploy/Containerfile's HEALTHCHECK command, run with the same settings against this server
    (it talks to gunicorn directly, without the proxy in front)."""
    lines = (DEPLOY / "Containerfile").read_text().splitlines()
    (check,) = [line.split(" CMD ", 1)[1] for line in lines if line.startswith("HEALTHCHECK ")]
    done = subprocess.run(
        web.argv(check), env=web.env, cwd=web.cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def _containerfile() -> list[str]:
    """The Containerfile's instructions, continuation lines joined."""
    return (DEPLOY / "Containerfile").read_text().replace("\\\n", " ").splitlines()


def test_the_compose_services_commands_start_web_and_worker(database: OwnPostgres, tmp_path: Path) -> None:
    """deploy/compose.yaml's services run the same way, as processes: the image's environment
    (Containerfile ENV) plus the env_file, the build's collectstatic, the `migrate` service's
    command (must succeed), then `web` (the image's CMD) and `worker`; `docker stop` sends SIGTERM
    to each main process and waits for the stop grace period (10 s unless the service sets one)."""
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    documented = env_file((DEPLOY / "env.example").read_text())
    postgres = services["postgres"]["environment"]
    with psycopg.connect(database.url, autocommit=True) as admin:  # what the postgres image sets up
        admin.execute(
            f"CREATE ROLE {postgres['POSTGRES_USER']} LOGIN PASSWORD '{documented['POSTGRES_PASSWORD']}'"
        )
        admin.execute(f"CREATE DATABASE {postgres['POSTGRES_DB']} OWNER {postgres['POSTGRES_USER']}")
    port = free_port()
    var, metrics = tmp_path / "srv-ikone-var", tmp_path / "ikone-metrics"
    mapping = [
        ("/srv/ikone/var", str(var)),
        ("/srv/ikone", str(ROOT)),
        ("/tmp/ikone-metrics", str(metrics)),  # noqa: S108 - the image's documented path, mapped away
        ("0.0.0.0:8000", f"127.0.0.1:{port}"),
        ("127.0.0.1:8000", f"127.0.0.1:{port}"),
        ("@postgres:5432/", f"@127.0.0.1:{database.port}/"),
    ]

    def mapped(text: str) -> str:
        for documented_path, here in mapping:
            text = text.replace(documented_path, here)
        return text

    lines = _containerfile()
    (image_env,) = [shlex.split(line.removeprefix("ENV ")) for line in lines if line.startswith("ENV ")]
    env = {"PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    env |= {key: mapped(value) for key, value in (item.split("=", 1) for item in image_env)}
    env |= {key: mapped(value) for key, value in documented.items()}  # env_file: .env
    (workdir,) = [line.split()[1] for line in lines if line.startswith("WORKDIR /srv")]
    cwd = mapped(workdir)
    var.mkdir()

    def run(argv: list[str], extra: dict[str, str] | None = None) -> None:
        done = subprocess.run(
            [mapped(word) for word in argv],
            env=env | (extra or {}),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, (argv, done.stderr[-3000:])

    # the build step: RUN SECRET_KEY=… ALLOWED_HOSTS=… ikone collectstatic …
    (build,) = [shlex.split(line.removeprefix("RUN ")) for line in lines if "ikone collectstatic" in line]
    assignments = dict(word.split("=", 1) for word in build[: build.index("ikone")])
    run(build[build.index("ikone") : build.index("&&")], assignments)
    run(services["migrate"]["command"])

    (cmd,) = [json.loads(line.removeprefix("CMD ")) for line in lines if line.startswith("CMD ")]
    started: dict[str, subprocess.Popen[bytes]] = {}
    base = f"http://127.0.0.1:{port}"
    try:
        for name, argv in (
            ("web", services["web"].get("command", cmd)),
            ("worker", services["worker"]["command"]),
        ):
            with (tmp_path / f"{name}.log").open("ab") as log:
                started[name] = subprocess.Popen(
                    [mapped(word) for word in argv],
                    env=env,
                    cwd=cwd,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
        assert wait_for(lambda: _answers(base), seconds=120), (tmp_path / "web.log").read_text()[-3000:]
        status, _, body = request(base, "/api/v1/ready", headers=PROXY_HEADERS)
        assert (status, json.loads(body)["checks"]) == (200, {"database": "ok", "queue": "ok"})
        status, _, body = request(base, "/api/v1/organizations?limit=1", headers=PROXY_HEADERS)
        assert json.loads(body)["count"] > 10_000  # the migrate service imported the reference data
        status, _, page = request(base, "/", headers=PROXY_HEADERS)
        assert status == 200
        (href, *_) = re.findall(r'href="(/static/[^"]+\.css)"', page.decode())
        assert request(base, href, headers=PROXY_HEADERS)[0] == 200
        (check,) = [line.split(" CMD ", 1)[1] for line in lines if line.startswith("HEALTHCHECK ")]
        run(shlex.split(check))
        for name, process in started.items():  # docker stop: SIGTERM to the main process
            grace = int(str(services[name].get("stop_grace_period", "10s")).removesuffix("s"))
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=grace)
            assert wait_for(lambda pid=process.pid: not _group_alive(pid), seconds=grace), name
            assert process.returncode in (0, -signal.SIGTERM), (tmp_path / f"{name}.log").read_text()[-3000:]
    finally:
        for process in started.values():
            if _group_alive(process.pid):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
