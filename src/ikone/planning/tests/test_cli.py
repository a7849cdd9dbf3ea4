"""`ikone plan`: JSON output, independent check, synthetic instances, a network from the database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ikone.planning.solver import check_json, synthetic_instance

from .conftest import PERIOD


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_synthetic_json_passes_the_check(capsys):
    out, _ = _run(
        "--synthetic-members", "5", "--synthetic-services", "40", "--seed", "3", "--json", "--check"
    )
    data = json.loads(out)
    assert set(data) == {"assignments", "unassigned", "objective", "bound", "gap", "seconds", "capacity"}
    assert check_json(synthetic_instance(5, 40, seed=3), data) == []
    assert "Prüfung: Der Plan ist zulässig" in capsys.readouterr().err


def test_check_of_a_saved_plan_finds_tampering(tmp_path):
    out, _ = _run("--synthetic-members", "3", "--synthetic-services", "30", "--json")
    data = json.loads(out)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _run("--synthetic-members", "3", "--synthetic-services", "30", "--check", str(path))
    data["assignments"].append(dict(data["assignments"][0]))
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Verstöße"):
        _run("--synthetic-members", "3", "--synthetic-services", "30", "--check", str(path))


def test_greedy_and_text_output():
    out, _ = _run("--synthetic-members", "3", "--synthetic-services", "20", "--greedy")
    assert "übernimmt „Leistung" in out
    assert "Nicht in diesem Zeitraum" in out


def test_arguments_are_required():
    with pytest.raises(CommandError):
        _run()
    with pytest.raises(CommandError):
        _run("--synthetic-members", "3")


@pytest.mark.django_db
def test_network_from_the_database(world):
    out, _ = _run("--network", "ikone-ds", "--period", PERIOD, "--json", "--check", "--time-limit", "5")
    data = json.loads(out)
    assert {a["service"] for a in data["assignments"]} == {"10200", "10201", "10300", "10302"}
    assert data["capacity"]["Speyer"]["total"] == 40
    with pytest.raises(CommandError, match=r"gibt-es-nicht|[Kk]ein Netzwerk"):
        _run("--network", "gibt-es-nicht")
