"""Two ikone instances exchange catalogs without merging (docs/federation.md, docs/harvesting.md).

Instance A publishes its solutions feed from a real gunicorn server; instance B, with a database
of its own, harvests it with `ikone harvest run SOURCE --json` as an operator would. A withdraws
one solution, B marks it withdrawn (never deletes it), and a further run changes nothing. B's own
feed does not publish A's solutions again."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import processes
from tests.processes import ikone, ikone_python, start_server, stop

CREATE = """
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
for name, slug in [("Bürgerportal Speyer", "buergerportal"), ("Parkausweis digital", "parkausweis")]:
    solution_import(
        actor=Actor.system("test"),
        content=publiccode_yaml(name=name, url=f"https://git.example.org/speyer/{slug}"),
        visibility="public",
    )
"""

DELETE = """
from ikone.catalog.models import Solution
from ikone.catalog.services import solution_delete
from ikone.core.audit import Actor
solution_delete(actor=Actor.system("test"), solution=Solution.objects.get(name="Parkausweis digital"))
"""

SOURCE = """
from ikone.core.audit import Actor
from ikone.harvesting.services import source_create
source_create(
    actor=Actor.system("test"),
    values={{"slug": "instanz-a", "name": "Instanz A", "kind": "peer", "base_url": "{url}/"}},
)
"""

SOLUTIONS = """
import json
from ikone.catalog.models import Solution
print(json.dumps({s.url: s.withdrawn_at is not None for s in Solution.objects.all()}))
"""

SOLUTION_CHANGES = """
from ikone.core.models import ChangeRecord
print(ChangeRecord.objects.filter(object_type="catalog.solution").count())
"""


@pytest.fixture(scope="module")
def instances(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any, migrated_template: dict[str, str]
) -> Iterator[tuple[dict[str, str], str, dict[str, str]]]:
    with (
        processes.shared_database(tmp_path_factory.mktemp("a"), django_db_blocker, migrated_template) as a,
        processes.shared_database(tmp_path_factory.mktemp("b"), django_db_blocker, migrated_template) as b,
    ):
        server, url = start_server(a, "--workers", "1")
        try:
            yield a, url, b | {"OUTGOING_ALLOWED_HOSTS": "127.0.0.1"}
        finally:
            stop([server])


def _harvest(b: dict[str, str]) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(ikone(b, "harvest", "run", "instanz-a", "--json"))
    assert report["status"] == "finished", report
    return {key: report[key] for key in ("created", "updated", "unchanged", "withdrawn", "failed")}


def _solutions(env: dict[str, str]) -> dict[str, bool]:
    """Every solution of an instance's database: its repository URL and whether it is withdrawn."""
    return dict(json.loads(ikone_python(env, SOLUTIONS)))


def _feed(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/api/v1/federation/solutions", timeout=30) as answer:  # noqa: S310
        return dict(json.loads(answer.read()))


def test_a_publishes_b_harvests_a_withdraws_b_marks_it_and_a_rerun_changes_nothing(
    instances: tuple[dict[str, str], str, dict[str, str]], tmp_path: Path
) -> None:
    a, url, b = instances
    ikone_python(a, CREATE)
    assert _feed(url)["count"] == 2
    ikone_python(b, SOURCE.format(url=url))

    assert _harvest(b) == {"created": 2, "updated": 0, "unchanged": 0, "withdrawn": 0, "failed": 0}
    portal, parking = (
        "https://git.example.org/speyer/buergerportal",
        "https://git.example.org/speyer/parkausweis",
    )
    assert _solutions(b) == {portal: False, parking: False}

    ikone_python(a, DELETE)
    deleted = [item for item in _feed(url)["items"] if item["deleted"]]
    assert [item["url"] for item in deleted] == [parking]
    withdrawal = _harvest(b)
    assert withdrawal["withdrawn"] == 1
    assert withdrawal["created"] == withdrawal["updated"] == withdrawal["failed"] == 0
    assert _solutions(b) == {portal: False, parking: True}  # kept, marked withdrawn

    before = ikone_python(b, SOLUTION_CHANGES)
    rerun = _harvest(b)
    assert rerun["created"] == rerun["updated"] == rerun["withdrawn"] == rerun["failed"] == 0
    assert _solutions(b) == {portal: False, parking: True}
    assert ikone_python(b, SOLUTION_CHANGES) == before  # not a single audited change to a solution

    server, b_url = start_server(b, "--workers", "1")
    try:
        assert _feed(b_url)["count"] == 0  # B does not publish A's solutions as its own
    finally:
        stop([server])
