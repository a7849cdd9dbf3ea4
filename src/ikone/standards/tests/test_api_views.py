"""API, pages and the `ikone openapi` command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ikone.standards.models import Conformance, InterfaceSpec, InterfaceUse, NetworkStandard

from .conftest import DATA


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _file(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="application/yaml")


def test_registry_api_and_pages(setup):
    client = _client()
    listing = client.get("/api/v1/standards?kind=xoev").json()
    assert {"xmeld", "xbau", "xplanung", "xinneres", "xpersonenstand"} <= {
        s["slug"] for s in listing["items"]
    }
    assert listing["count"] == len(listing["items"])
    second = client.get("/api/v1/standards?kind=xoev&limit=1&offset=1").json()
    assert (second["count"], second["items"]) == (listing["count"], listing["items"][1:2])
    detail = client.get("/api/v1/standards/xmeld").json()
    assert detail["sources"]
    assert {"version": "1.3.2", "status": "deprecated", "published_on": "2007-02-28"} in detail["versions"]
    assert client.get("/api/v1/standards/gibt-es-nicht").status_code == 404
    page = client.get("/standards/?q=oparl").content.decode()
    assert "OParl" in page
    assert "XMeld" not in page
    detail_page = client.get("/standards/fit-connect/").content.decode()
    assert "Föderale IT-Kooperation (FITKO)" in detail_page
    assert "https://docs.fitko.de/fit-connect/docs/" in detail_page


def test_agreed_set_put_and_compliance(setup):
    client = _client(setup.coordinator)
    response = client.put(
        f"/api/v1/networks/{setup.network.slug}/standards",
        {"items": [{"standard": "oparl", "version": "1.1"}, {"standard": "wcag", "version": "2.1"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [(i["standard"], i["version"]) for i in response.json()] == [("oparl", "1.1"), ("wcag", "2.1")]
    agreed = _client().get(f"/api/v1/networks/{setup.network.slug}/standards?limit=1").json()
    assert (agreed["count"], [i["standard"] for i in agreed["items"]]) == (2, ["oparl"])
    member = _client(setup.editor)
    created = member.post(
        f"/api/v1/solutions/{setup.solution.slug}/conformance",
        {"standard": "oparl", "version": "1.1", "kind": "verified", "evidence_kind": "test_report"},
        content_type="application/json",
    )
    assert created.status_code == 422
    assert created.json()["errors"][0]["field"] == "evidence_url"
    created = member.post(
        f"/api/v1/solutions/{setup.solution.slug}/conformance",
        {"standard": "oparl", "version": "1.1", "release": "2.0"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["release"] == "2.0"
    conformance = _client().get(f"/api/v1/solutions/{setup.solution.slug}/conformance").json()
    assert [(c["standard"], c["release"]) for c in conformance["items"]] == [("oparl", "2.0")]
    compliance = _client().get(f"/api/v1/networks/{setup.network.slug}/compliance").json()
    row = next(r for r in compliance["rows"] if r["solution"] == setup.solution.slug)
    assert [(c["standard"], c["declared"], c["verified"]) for c in row["cells"]] == [
        ("oparl", True, False),
        ("wcag", False, False),
    ]
    forbidden = member.put(
        f"/api/v1/networks/{setup.network.slug}/standards", {"items": []}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    assert NetworkStandard.objects.count() == 2


def test_spec_upload_api_with_breaking_diff(setup):
    client = _client(setup.editor)
    base = f"/api/v1/solutions/{setup.solution.slug}/releases"
    first = client.post(f"{base}/1.0/interfaces", {"file": _file("24d586d-before.yaml"), "name": "Katalog"})
    assert first.status_code == 201, first.content
    second = client.post(f"{base}/2.0/interfaces", {"file": _file("24d586d-after.yaml"), "name": "Katalog"})
    body = second.json()
    assert (body["is_valid"], body["compared_with"]) == (True, "1.0")
    assert {c["path"] for c in body["diff"]["breaking"]} == {"/bundles", "/bundle/{bundleId}"}
    assert client.get(f"/api/v1/interfaces/{body['id']}").json()["diff"] == body["diff"]
    listing = _client().get(f"/api/v1/solutions/{setup.solution.slug}/interfaces").json()
    assert (listing["count"], [s["release"] for s in listing["items"]]) == (2, ["2.0", "1.0"])
    missing = client.post(f"{base}/9.9/interfaces", {"file": _file("24d586d-after.yaml")})
    assert missing.status_code == 404
    nothing = client.post(f"{base}/1.0/interfaces", {"name": "x"})
    assert nothing.status_code == 422


def test_validate_and_diff_endpoints():
    client = Client()
    text = (DATA / "42f0820-after.yaml").read_text(encoding="utf-8")
    result = client.post("/api/v1/openapi/validate", {"text": text}, content_type="application/json").json()
    assert result["valid"] is False
    assert result["errors"][0]["line"] == 1337
    diff = client.post(
        "/api/v1/openapi/diff",
        {
            "old": (DATA / "5592e82-before.yaml").read_text(encoding="utf-8"),
            "new": (DATA / "5592e82-after.yaml").read_text(encoding="utf-8"),
        },
        content_type="application/json",
    ).json()
    assert len(diff["breaking"]) == 6
    bad = client.post("/api/v1/openapi/diff", {"old": "a: [", "new": "{}"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "old"


@pytest.mark.django_db
def test_openapi_command_exit_codes(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "ikone.manage", "openapi", *map(str, args)],
            capture_output=True,
            text=True,
            check=False,
        )

    breaking = run("diff", DATA / "24d586d-before.yaml", DATA / "24d586d-after.yaml", "--json")
    assert breaking.returncode == 1, breaking.stderr
    assert json.loads(breaking.stdout)["breaking"][0] == {
        "path": "/bundle/{bundleId}",
        "rule": "api-path-removed-without-deprecation",
        "level": "error",
        "change": "path_removed",
        "detail": "Pfad entfernt, ohne vorher als veraltet markiert zu sein",
    }
    compatible = run("diff", DATA / "42f0820-before.yaml", DATA / "42f0820-after.yaml")
    assert compatible.returncode == 0
    assert "0 inkompatible" in compatible.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [\n")
    assert run("diff", broken, DATA / "42f0820-after.yaml").returncode == 2
    assert run("diff", DATA / "42f0820-after.yaml").returncode == 2
    assert run("diff", tmp_path / "missing.yaml", broken).returncode == 2
    invalid = run("validate", DATA / "42f0820-after.yaml")
    assert invalid.returncode == 1
    assert ":1337:" in invalid.stdout
    assert run("validate", DATA / "24d586d-after.yaml").returncode == 0


def test_pages_for_members_and_coordinators(setup):
    coordinator = _client(setup.coordinator)
    response = coordinator.post(
        f"/netzwerke/{setup.network.slug}/standards/vereinbaren/", {"standard": "oparl", "version": "1.1"}
    )
    assert response.status_code == 302
    member = _client(setup.editor)
    response = member.post(
        f"/loesungen/{setup.solution.slug}/konformitaet/",
        {"standard": "oparl", "version": "1.1", "kind": "declared", "evidence_kind": "none"},
    )
    assert response.status_code == 302
    assert Conformance.objects.filter(solution=setup.solution, kind="declared").exists()
    invalid = member.post(
        f"/loesungen/{setup.solution.slug}/konformitaet/",
        {"standard": "oparl", "version": "1.1", "kind": "verified", "evidence_kind": "certificate"},
    )
    assert invalid.status_code == 200
    assert "Bitte einen Link oder eine Datei" in invalid.content.decode()
    page = _client().get(f"/netzwerke/{setup.network.slug}/standards/").content.decode()
    assert "OParl 1.1" in page
    assert "erklärt" in page
    assert "Standard vereinbaren" not in page
    assert (
        "Standard vereinbaren"
        in coordinator.get(f"/netzwerke/{setup.network.slug}/standards/").content.decode()
    )
    network_page = _client().get(f"/netzwerke/{setup.network.slug}/").content.decode()
    assert f"/netzwerke/{setup.network.slug}/standards/" in network_page


def test_release_section_shows_the_breaking_diff(setup):
    member = _client(setup.editor)
    for version, name in (("1.0", "5592e82-before.yaml"), ("2.0", "5592e82-after.yaml")):
        response = member.post(
            f"/loesungen/{setup.solution.slug}/versionen/{version}/schnittstellen/",
            {"file": _file(name), "name": "Katalog"},
        )
        assert response.status_code == 302, response.content[:500]
    spec = InterfaceSpec.objects.get(release__version="2.0")
    page = _client().get(f"/loesungen/{setup.solution.slug}/").content.decode()
    assert "6 inkompatible Änderungen" in page
    assert "Feld (Antwort) entfernt" in page
    assert "externalCode" in page
    detail = _client().get(f"/schnittstellen/{spec.pk}/").content.decode()
    assert "Verglichen mit Version 1.0" in detail
    assert "<code>response-optional-property-removed</code> (Warnung)" in detail
    assert "<code>request-property-removed</code> (Warnung)" in detail
    invalid = member.post(
        f"/loesungen/{setup.solution.slug}/versionen/1.0/schnittstellen/",
        {"file": _file("42f0820-after.yaml"), "name": "Andere"},
    )
    shown = member.get(invalid["Location"]).content.decode()
    assert 'href="#z1337"' in shown
    assert (
        member.post(f"/loesungen/{setup.solution.slug}/versionen/1.0/schnittstellen/", {}).status_code == 200
    )


def test_outsiders_cannot_write_through_pages(setup):
    outsider = _client(setup.outsider)
    assert outsider.get(f"/loesungen/{setup.solution.slug}/konformitaet/").status_code == 403
    assert (
        outsider.post(
            f"/netzwerke/{setup.network.slug}/standards/vereinbaren/", {"standard": "oparl", "version": "1.1"}
        ).status_code
        == 403
    )


def test_verified_conformance_with_an_evidence_file(setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = _client(setup.editor)
    response = member.post(
        f"/loesungen/{setup.solution.slug}/konformitaet/",
        {
            "standard": "wcag",
            "version": "2.1",
            "kind": "verified",
            "evidence_kind": "test_report",
            "release": setup.solution.releases.get(version="2.0").pk,
            "evidence_file": SimpleUploadedFile(
                "bitv-test.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302, response.content[:500]
    item = Conformance.objects.get(kind="verified")
    assert item.evidence_file.name.startswith("conformance/bitv-test")
    page = _client().get(f"/loesungen/{setup.solution.slug}/").content.decode()
    assert "Testbericht" in page
    assert item.evidence_file.url in page
    no_version = member.post(
        f"/loesungen/{setup.solution.slug}/genutzte-schnittstellen/", {"standard": "oparl", "version": ""}
    )
    assert no_version.status_code == 200
    assert "Version des Standards: Pflichtfeld." in no_version.content.decode()
    assert not InterfaceUse.objects.exists()
