"""A harvest run against faithful local fakes of a GitHub organisation, a GitLab group and a
peer ikone instance (recorded real publiccode.yml files, served on 127.0.0.1)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from ikone.catalog import listing
from ikone.catalog.models import Solution
from ikone.catalog.publiccode import parse
from ikone.catalog.services import SolutionLinks, solution_import, solution_update
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory
from ikone.harvesting.models import HarvestItem, HarvestRecord, HarvestSource
from ikone.harvesting.services import harvest_run, run_counts, source_create
from ikone.harvesting.tests.fakes import (
    INVALID_FILE,
    VALID_FILES,
    PeerFeed,
    developers_italia,
    feed_item,
    github_org,
    gitlab_group,
    serve,
    software_item,
    with_url,
)

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("harvest test")


@pytest.fixture(autouse=True)
def _loopback_allowed(settings: Any) -> None:
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.HARVEST_TIMEOUT_SECONDS = 5.0


def _repos() -> dict[str, str]:
    repos = {p.stem: p.read_text() for p in VALID_FILES}
    repos["aitema-terminvergabe"] = INVALID_FILE.read_text()
    repos["no-publiccode"] = ""
    return repos


def _github_source(base: str, **values: Any) -> HarvestSource:
    return source_create(
        actor=SYSTEM,
        values={
            "slug": "acme",
            "name": "ACME auf GitHub",
            "kind": "git_platform",
            "platform": "github",
            "organization": "acme",
            "base_url": base + "/",
            **values,
        },
    )


def _run(source: HarvestSource) -> dict[str, int]:
    return run_counts(harvest_run(actor=SYSTEM, source=source))


def test_a_github_organisation_is_harvested_with_provenance_and_a_rerun_changes_nothing() -> None:
    with serve() as fake:
        github_org(fake, "acme", _repos(), page_size=2)
        source = _github_source(fake.base)
        counts = _run(source)
        assert counts == {
            "created": 4,
            "updated": 0,
            "unchanged": 0,
            "withdrawn": 0,
            "skipped": 1,
            "failed": 1,
        }
        failed = HarvestItem.objects.get(outcome="failed")
        assert failed.key == "https://github.com/acme/aitema-terminvergabe"
        assert "publiccodeYmlVersion" in failed.message
        assert HarvestItem.objects.get(outcome="skipped").key == "https://github.com/acme/no-publiccode"
        lynis = Solution.objects.get(url="https://github.com/CISOfy/lynis")
        assert lynis.owner is None
        assert lynis.visibility == "public"
        record = HarvestRecord.objects.get(solution=lynis)
        assert record.key == "https://github.com/acme/cisofy-lynis"
        assert record.fields["legal"]["source"] == "acme"
        assert record.fields["legal"]["revision"] == "2026-11-01T10:00:00Z"
        assert record.etag
        assert ChangeRecord.objects.filter(object_type="catalog.solution", object_id=str(lynis.pk)).exists()
        fetches = len(fake.requests)

        again = _run(source)
        assert again == {
            "created": 0,
            "updated": 0,
            "unchanged": 4,
            "withdrawn": 0,
            "skipped": 1,
            "failed": 1,
        }
        listed_and_retried = len(fake.requests) - fetches
        assert listed_and_retried == 3 + 2  # three listing pages and the two items not taken, nothing else


def test_a_pushed_repository_is_fetched_conditionally_and_a_changed_file_updates_the_solution() -> None:
    with serve() as fake:
        repos = {p.stem: p.read_text() for p in VALID_FILES}
        github_org(fake, "acme", repos)
        source = _github_source(fake.base)
        _run(source)
        github_org(fake, "acme", repos, pushed_at="2026-11-02T10:00:00Z")
        assert _run(source)["unchanged"] == 4
        conditional = [h for path, h in fake.requests[-4:] if "contents" in path]
        assert all(h.get("if-none-match") for h in conditional)

        repos["cisofy-lynis"] = repos["cisofy-lynis"].replace("name: Lynis", "name: Lynis Audit")
        github_org(fake, "acme", repos, pushed_at="2026-11-03T10:00:00Z")
        assert _run(source)["updated"] == 1
        assert Solution.objects.get(url="https://github.com/CISOfy/lynis").name == "Lynis Audit"


def test_a_repository_gone_at_the_source_is_withdrawn_not_deleted_and_comes_back() -> None:
    with serve() as fake:
        repos = {p.stem: p.read_text() for p in VALID_FILES}
        github_org(fake, "acme", repos)
        source = _github_source(fake.base)
        _run(source)
        lynis = Solution.objects.get(url="https://github.com/CISOfy/lynis")
        assert lynis.pk in set(listing.build().ids.tolist())

        del repos["cisofy-lynis"]
        fake.routes.clear()
        github_org(fake, "acme", repos)
        assert _run(source)["withdrawn"] == 1
        lynis.refresh_from_db()
        assert lynis.withdrawn_at is not None
        assert lynis.pk not in set(listing.build().ids.tolist())
        assert _run(source) == {
            "created": 0,
            "updated": 0,
            "unchanged": 3,
            "withdrawn": 0,
            "skipped": 0,
            "failed": 0,
        }

        repos["cisofy-lynis"] = VALID_FILES[2].read_text()
        github_org(fake, "acme", repos, pushed_at="2026-11-05T00:00:00Z")
        assert _run(source)["updated"] == 1
        lynis.refresh_from_db()
        assert lynis.withdrawn_at is None


def test_a_gitlab_group_is_harvested() -> None:
    with serve() as fake:
        gitlab_group(fake, "kommune", {p.stem: p.read_text() for p in VALID_FILES})
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "opencode",
                "name": "openCode",
                "kind": "git_platform",
                "platform": "gitlab",
                "organization": "kommune",
                "base_url": fake.base,
            },
        )
        assert _run(source)["created"] == 4
        assert HarvestRecord.objects.filter(key__startswith="https://gitlab.example/kommune/").count() == 4


def test_a_local_solution_with_the_same_url_is_updated_not_duplicated_and_member_edits_win() -> None:
    owner = MunicipalityFactory()
    text = VALID_FILES[2].read_text()  # Lynis
    local = solution_import(actor=SYSTEM, content=text, owner=owner).solution
    edited = parse(text).data
    assert isinstance(edited, dict)
    edited["description"]["en"]["shortDescription"] = "Von uns gepflegte Beschreibung"
    solution_update(actor=SYSTEM, solution=local, document=edited, links=SolutionLinks())
    with serve() as fake:
        upstream = text.replace("developmentStatus: stable", "developmentStatus: beta")
        github_org(fake, "acme", {"lynis": upstream})
        source = _github_source(fake.base)
        assert _run(source)["updated"] == 1
    local.refresh_from_db()
    assert Solution.objects.count() == 1
    assert local.owner == owner
    assert local.short_description == "Von uns gepflegte Beschreibung"
    assert local.development_status == "beta"
    record = HarvestRecord.objects.get(solution=local)
    assert record.fields["description"] == {"source": "lokal"}
    assert record.fields["developmentStatus"]["source"] == "acme"


def test_near_duplicates_are_hinted_for_new_solutions() -> None:
    solution_import(
        actor=SYSTEM,
        content=with_url(
            VALID_FILES[2].read_text(), "https://github.com/other/lynis-fork", name="Lynis Fork"
        ),
    )
    with serve() as fake:
        github_org(fake, "acme", {"lynis": VALID_FILES[2].read_text()})
        _run(_github_source(fake.base))
    item = HarvestItem.objects.get(outcome="created")
    assert [hint["name"] for hint in item.hints] == ["Lynis Fork"]


def test_filters_leave_items_out() -> None:
    with serve() as fake:
        github_org(fake, "acme", {p.stem: p.read_text() for p in VALID_FILES})
        source = _github_source(fake.base, filter_licences=["MPL-2.0"], filter_tags=["web"])
        counts = _run(source)
    assert counts["created"] == 1
    assert counts["skipped"] == 3
    assert Solution.objects.get().name == "Signalen frontend"


def _document(path: Any) -> dict[str, Any]:
    data = parse(path.read_text()).data
    assert isinstance(data, dict)
    return data


def test_a_peer_instance_is_harvested_incrementally_with_tombstones_and_usage() -> None:
    network = NetworkFactory()
    feed = PeerFeed()
    first, second = _document(VALID_FILES[0]), _document(VALID_FILES[1])
    usage = [{"network": "ikone-ds", "network_name": "IKONE-DS", "in_production": 3, "adoptions": 5}]
    feed.items = [
        feed_item("wai", first, "2026-12-07T09:00:00.000001+00:00", usage=usage),
        feed_item("signalen", second, "2026-12-07T09:30:00+00:00"),
    ]
    with serve() as fake:
        feed.install(fake)
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "peer-a",
                "name": "Instanz A",
                "kind": "peer",
                "base_url": fake.base,
                "network": network,
            },
        )
        assert _run(source)["created"] == 2
        source.refresh_from_db()
        assert source.state["latest"] == "2026-12-07T09:30:00+00:00"
        wai = Solution.objects.get(url=first["url"])
        assert list(wai.networks.all()) == [network]
        assert HarvestRecord.objects.get(key="wai").usage == usage
        assert HarvestRecord.objects.get(key="wai").page_url == "https://a.example/katalog/wai/"

        assert _run(source) == {
            "created": 0,
            "updated": 0,
            "unchanged": 1,
            "withdrawn": 0,
            "skipped": 0,
            "failed": 0,
        }
        assert "changed_since=2026-12-07T09%3A30%3A00%2B00%3A00" in fake.requests[-1][0]

        feed.items.append(feed_item("wai", None, "2026-12-07T10:00:00+00:00", deleted=True))
        feed.items = [i for i in feed.items if not (i["id"] == "wai" and not i["deleted"])]
        feed.install(fake)
        assert _run(source)["withdrawn"] == 1
        wai.refresh_from_db()
        assert wai.withdrawn_at is not None
        assert _run(source)["withdrawn"] == 0


def test_following_a_network_of_a_peer_takes_only_what_that_network_uses() -> None:
    feed = PeerFeed()
    used = [{"network": "wunsiedel", "network_name": "Wunsiedel", "in_production": 1, "adoptions": 2}]
    feed.items = [
        feed_item("wai", _document(VALID_FILES[0]), "2026-12-07T09:00:00+00:00", usage=used),
        feed_item("signalen", _document(VALID_FILES[1]), "2026-12-07T09:30:00+00:00"),
    ]
    with serve() as fake:
        feed.install(fake)
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "peer-w",
                "name": "Wunsiedel",
                "kind": "peer",
                "base_url": fake.base,
                "follow_network": "wunsiedel",
            },
        )
        assert _run(source)["created"] == 1
    assert Solution.objects.get().name == "Web Analytics Italia - Portale"


def test_the_command_reports_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    with serve() as fake:
        github_org(fake, "acme", _repos())
        _github_source(fake.base)
        with pytest.raises(SystemExit) as exited:
            call_command("harvest", "run", "acme", "--json")
    assert exited.value.code == 1  # an item failed
    report = json.loads(capsys.readouterr().out)
    assert {k: report[k] for k in ("created", "updated", "unchanged", "withdrawn", "failed")} == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "failed": 1,
    }
    call_command("harvest", "sources", "--json")
    assert json.loads(capsys.readouterr().out)[0]["last_run"]["created"] == 4


def test_a_developers_italia_style_software_api_is_harvested_and_inactive_software_withdrawn() -> None:
    items = [
        software_item(f"0000-{i}", p.read_text(), f"https://github.com/it/{p.stem}")
        for i, p in enumerate(VALID_FILES)
    ]
    items.append(software_item("0000-9", INVALID_FILE.read_text(), "https://github.com/it/aitema"))
    with serve() as fake:
        developers_italia(fake, items)
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "italia",
                "name": "Developers Italia",
                "kind": "developers_italia",
                "base_url": fake.base + "/v1/software",
            },
        )
        assert _run(source) == {
            "created": 4,
            "updated": 0,
            "unchanged": 0,
            "withdrawn": 0,
            "skipped": 0,
            "failed": 1,
        }
        assert HarvestRecord.objects.get(key="0000-2").revision == "2026-10-01T08:00:00Z"
        items[2] = software_item(
            "0000-2", VALID_FILES[2].read_text(), "https://github.com/it/x", active=False
        )
        fake.routes.clear()
        developers_italia(fake, items)
        assert _run(source) == {
            "created": 0,
            "updated": 0,
            "unchanged": 3,
            "withdrawn": 1,
            "skipped": 0,
            "failed": 1,
        }
    assert Solution.objects.get(url="https://github.com/CISOfy/lynis").withdrawn_at is not None


def test_large_runs_validate_in_worker_processes_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ikone.harvesting import services

    monkeypatch.setattr(services, "PARSE_POOL_MIN_ITEMS", 1)
    with serve() as fake:
        github_org(fake, "acme", _repos())
        counts = _run(_github_source(fake.base))
    assert counts == {"created": 4, "updated": 0, "unchanged": 0, "withdrawn": 0, "skipped": 1, "failed": 1}
    assert "publiccodeYmlVersion" in HarvestItem.objects.get(outcome="failed").message


TURTLE = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .

<{base}/catalog> a dcat:Catalog ;
    dct:title "Software der Stadt"@de ;
    dcat:dataset <{base}/ds/lynis>, <{base}/ds/signalen>, <{base}/ds/haushalt> .

<{base}/ds/lynis> a dcat:Dataset ;
    dct:title "Lynis" ;
    dct:modified "2026-11-01T10:00:00Z" ;
    dcat:landingPage <https://opendata.example/lynis> ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{base}/files/lynis/publiccode.yml> ] .

<{base}/ds/signalen> a dcat:Dataset ;
    dct:title "Signalen" ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <{base}/files/signalen/publiccode.yml> ] .

<{base}/ds/haushalt> a dcat:Dataset ;
    dct:title "Haushaltsdaten" ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{base}/files/haushalt.csv> ] .
"""


def test_a_dcat_catalog_pointing_to_publiccode_files_is_harvested() -> None:
    from ikone.harvesting.tests.fakes import Route, yaml_route

    with serve() as fake:
        fake.routes["/catalog.ttl"] = Route(
            body=TURTLE.format(base=fake.base).encode(), content_type="text/turtle"
        )
        fake.routes["/files/lynis/publiccode.yml"] = yaml_route(VALID_FILES[2].read_text(), "text/yaml")
        fake.routes["/files/signalen/publiccode.yml"] = yaml_route(VALID_FILES[1].read_text(), "text/plain")
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "stadt",
                "name": "Offene Daten",
                "kind": "dcat",
                "base_url": fake.base + "/catalog.ttl",
            },
        )
        assert _run(source)["created"] == 2
        record = HarvestRecord.objects.get(key=fake.base + "/ds/lynis")
        assert record.revision == "2026-11-01T10:00:00Z"
        assert record.page_url == "https://opendata.example/lynis"

        remote = {"@context": "https://example.org/context.jsonld", "@id": fake.base + "/catalog"}
        fake.routes["/catalog.jsonld"] = Route(
            body=json.dumps(remote).encode(), content_type="application/ld+json"
        )
        source.base_url = fake.base + "/catalog.jsonld"
        source.save()
        run = harvest_run(actor=SYSTEM, source=source)
    assert run.status == "failed"
    assert "Entfernte JSON-LD-Kontexte" in run.message
    assert not any("context.jsonld" in path for path, _h in fake.requests)
