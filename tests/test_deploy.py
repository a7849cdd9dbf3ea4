"""The production setup in deploy/ (Containerfile, compose file, systemd units, nginx): no container
engine or init system runs in the test environment, so these check what can be checked without
one – the files parse, name only files that exist and ikone commands that exist, and agree with
each other on ports and settings."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("ikone-*"))


def _ikone_commands(argv: list[str]) -> list[str]:
    """The ikone subcommands an argument vector (or a shell line inside it) runs."""
    text = " ".join(argv)
    return re.findall(r"(?:^|[\s/&;])ikone (\S+)", text)


def test_compose_file_runs_postgres_web_and_worker_with_existing_commands() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "migrate", "web", "worker"} <= set(services)
    assert services["postgres"]["image"].split(":")[1].startswith("15")
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["command"] == ["ikone", "jobs", "worker"]
    known = set(get_commands())
    used = [name for service in services.values() for name in _ikone_commands(service.get("command", []))]
    assert used
    assert set(used) <= known


def test_containerfile_copies_only_what_exists_and_starts_gunicorn_with_the_metrics_config() -> None:
    lines = (DEPLOY / "Containerfile").read_text().splitlines()
    copies = [shlex.split(line)[1:-1] for line in lines if line.startswith("COPY ") and "--from" not in line]
    assert copies
    for sources in copies:
        for source in sources:
            assert (ROOT / source).exists(), source
    (cmd,) = [json.loads(line.removeprefix("CMD ")) for line in lines if line.startswith("CMD ")]
    assert cmd[:4] == ["gunicorn", "-c", "python:ikone.config.gunicorn", "ikone.config.wsgi"]
    assert "ikone collectstatic" in "\n".join(lines)


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_systemd_units_parse_and_run_existing_commands(unit: Path) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(unit)
    assert parser.has_section("Unit")
    if unit.suffix == ".timer":
        assert parser.get("Timer", "OnCalendar")
        assert (unit.with_suffix(".service")).exists()
        return
    exec_start = parser.get("Service", "ExecStart")
    commands = re.findall(r"/bin/ikone (\S+)", exec_start)
    if "gunicorn" in exec_start:
        assert "-c python:ikone.config.gunicorn" in exec_start
        assert "--bind 127.0.0.1:8000" in exec_start
    else:
        assert commands
    assert set(commands) <= set(get_commands())


def test_systemd_analyze_verify_finds_nothing_but_the_venv_that_is_not_installed_here(tmp_path: Path) -> None:
    """`systemd-analyze verify` (systemd need not run) on copies of the units: every key known,
    every setting valid; the one complaint allowed is that /srv/ikone/.venv does not exist here."""
    for unit in UNITS:
        shutil.copy(unit, tmp_path / unit.name)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *(str(tmp_path / unit.name) for unit in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    missing_venv = re.compile(
        r"^ikone-[a-z]+\.service: Command /srv/ikone/\.venv/bin/(ikone|gunicorn) is not executable"
    )
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if not missing_venv.match(line)]
    assert complaints == []


def test_nginx_config_is_balanced_and_proxies_to_the_web_unit() -> None:
    text = (DEPLOY / "nginx" / "ikone.conf").read_text()
    code = re.sub(r"#.*", "", text)
    assert code.count("{") == code.count("}")
    assert set(re.findall(r"proxy_pass (\S+);", code)) == {"http://127.0.0.1:8000"}
    assert "X-Forwarded-Proto" in code
    assert "TRUSTED_PROXY_COUNT=1" in (DEPLOY / "env.example").read_text()
