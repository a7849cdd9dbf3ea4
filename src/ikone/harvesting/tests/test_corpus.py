"""A harvest over real recorded publiccode.yml files of public repositories (the corpus of
recordings/corpus/): each file ends as a new solution or as a failed item with the validator's
message, exactly as the validator judges the file on its own; none is lost, the run does not
break, and a second run leaves every taken file unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from ikone.catalog.models import Solution
from ikone.harvesting.choices import RunStatus
from ikone.harvesting.models import HarvestItem, HarvestRecord
from ikone.harvesting.parsing import parse_text
from ikone.harvesting.services import harvest_run, run_counts
from ikone.harvesting.tests.fakes import Recorded, corpus, github_org, serve
from ikone.harvesting.tests.test_engine import SYSTEM, _github_source

pytestmark = pytest.mark.django_db
SAMPLE = 30


@pytest.fixture(autouse=True)
def _loopback_allowed(settings: Any) -> None:
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HARVEST_TIMEOUT_SECONDS = 5.0


def _declared_url(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("url:"):
            return line[4:].strip().strip("'\"").lower().rstrip("/").removesuffix(".git")
    return ""


def _sample() -> list[Recorded]:
    """SAMPLE files spread over the whole corpus, no two declaring the same `url` (a second file
    with a taken url is, rightly, not taken again)."""
    files = corpus()
    step = max(1, len(files) // SAMPLE)
    chosen: list[Recorded] = []
    urls: set[str] = set()
    for recorded in files[::step] + files:
        url = _declared_url(recorded.text)
        if recorded in chosen or (url and url in urls):
            continue
        chosen.append(recorded)
        urls.add(url)
        if len(chosen) == SAMPLE:
            break
    return chosen


def test_the_corpus_is_real_recorded_files_with_provenance() -> None:
    files = corpus()
    assert len(files) >= 50
    assert len({f.text for f in files}) == len(files)
    assert len({f.repo.lower() for f in files}) == len(files)
    for recorded in files:
        assert "/" in recorded.repo
        assert recorded.path in {"publiccode.yml", "publiccode.yaml"}
        assert len(recorded.commit) == 40


def test_real_files_are_each_taken_or_refused_with_the_validators_message_and_a_rerun_changes_nothing() -> (
    None
):
    sample = _sample()
    assert len(sample) == SAMPLE
    repos = {
        f"r{i:02d}-{recorded.repo.replace('/', '-').lower()}": recorded.text
        for i, recorded in enumerate(sample)
    }
    refused = {
        f"https://github.com/acme/{name}"
        for name, text in repos.items()
        if (outcome := parse_text(text)).errors or not isinstance(outcome.data, dict)
    }
    assert 0 < len(refused) < SAMPLE  # the sample holds valid and invalid real files
    with serve() as fake:
        github_org(fake, "acme", repos)
        source = _github_source(fake.base)
        run = harvest_run(actor=SYSTEM, source=source)
        assert run.status == RunStatus.FINISHED
        counts = run_counts(run)
        assert counts == {
            "created": SAMPLE - len(refused),
            "updated": 0,
            "unchanged": 0,
            "withdrawn": 0,
            "skipped": 0,
            "failed": len(refused),
        }
        items = list(HarvestItem.objects.filter(run=run))
        assert {item.key for item in items} == {f"https://github.com/acme/{name}" for name in repos}
        failed = [item for item in items if item.outcome == "failed"]
        assert {item.key for item in failed} == refused
        assert all(item.message.startswith("publiccode.yml ungültig: ") for item in failed)
        assert Solution.objects.count() == SAMPLE - len(refused)
        stored = {
            record.key: record.solution.source_yaml
            for record in HarvestRecord.objects.select_related("solution")
        }
        for name, text in repos.items():
            key = f"https://github.com/acme/{name}"
            assert key in refused or stored[key] == text  # taken unchanged

        again = harvest_run(actor=SYSTEM, source=source)
        assert again.status == RunStatus.FINISHED
        assert run_counts(again) == {
            "created": 0,
            "updated": 0,
            "unchanged": SAMPLE - len(refused),
            "withdrawn": 0,
            "skipped": 0,
            "failed": len(refused),
        }
