"""`ikone harvest run`, killed with SIGKILL in the middle of a run, loses nothing and duplicates
nothing: each item is committed with its run row, and the next run resumes the same run."""

from __future__ import annotations

import json
import signal
import subprocess
from typing import Any

from ikone.harvesting.tests.fakes import VALID_FILES, Route, github_org, serve, with_url
from tests.processes import BIN, ikone, ikone_python, wait_for

REPOS = 120


def test_a_harvest_killed_mid_run_resumes_without_losses_or_duplicates(
    shared_database: dict[str, str],
) -> None:
    env = shared_database | {"OUTGOING_ALLOWED_HOSTS": "127.0.0.1", "HARVEST_WORKERS": "2"}
    texts = [p.read_text() for p in VALID_FILES]
    repos = {
        f"tool-{i:03d}": with_url(
            texts[i % len(texts)], f"https://github.com/acme/tool-{i:03d}", name=f"Tool {i:03d}"
        )
        for i in range(REPOS)
    }
    with serve() as fake:
        github_org(fake, "acme", repos, page_size=50)
        for name in repos:  # ~0.1 s per file: the run takes long enough to be killed in the middle
            route = fake.routes[f"/repos/acme/{name}/contents/publiccode.yml?ref=main"]
            fake.routes[f"/repos/acme/{name}/contents/publiccode.yml?ref=main"] = Route(
                body=route.body, content_type=route.content_type, delay_per_chunk=0.05
            )
        ikone_python(
            env,
            "from ikone.core.audit import Actor; from ikone.harvesting.services import source_create; "
            "source_create(actor=Actor.system('test'), values={'slug': 'acme', 'name': 'ACME', "
            f"'kind': 'git_platform', 'platform': 'github', 'organization': 'acme', 'base_url': '{fake.base}'}})",
        )
        harvester = subprocess.Popen(
            [str(BIN / "ikone"), "harvest", "run", "acme", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def fetched(n: int) -> Any:
            return lambda: sum(1 for path, _h in fake.requests if "/contents/" in path) >= n

        try:
            assert wait_for(fetched(40), seconds=120, step=0.05), "the harvest started fetching"
            harvester.send_signal(signal.SIGKILL)
        finally:
            harvester.wait(timeout=60)
        assert harvester.returncode == -signal.SIGKILL
        counts = (
            "from ikone.harvesting.models import HarvestItem; from ikone.catalog.models import Solution; "
            "print(HarvestItem.objects.count(), Solution.objects.count())"
        )
        items, solutions = map(int, ikone_python(env, counts).split())
        assert 0 < items < REPOS
        assert solutions == items  # every committed item has its solution, no solution without its item

        report = json.loads(ikone(env, "harvest", "run", "acme", "--json", "--quiet"))
    assert report["status"] == "finished"
    assert report["created"] == REPOS
    assert report["failed"] == 0
    final = (
        "from ikone.harvesting.models import HarvestItem, HarvestRun; from ikone.catalog.models import Solution; "
        "print(HarvestRun.objects.count(), HarvestItem.objects.count(), Solution.objects.count(), "
        "len(set(Solution.objects.values_list('url', flat=True))))"
    )
    assert ikone_python(env, final).split() == ["1", str(REPOS), str(REPOS), str(REPOS)]
