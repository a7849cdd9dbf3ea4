"""The seeded registry: real entries with sources, idempotent import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from ruamel.yaml import YAML

from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.standards.models import Standard, StandardKind, StandardVersion
from ikone.standards.services import STANDARDS_FILE, standards_import

from .conftest import SYSTEM

REQUIRED = {
    "XMeld",
    "XPersonenstand",
    "XBau",
    "XZuFi",
    "XInneres",
    "XPlanung",
    "XTA/OSCI",
    "FIT-Connect",
    "FIM",
    "OParl",
    "DCAT-AP.de",
    "BITV 2.0",
    "WCAG",
    "OpenAPI",
    "OIDC",
    "SAML",
    "BundID / DeutschlandID",
    "ePayBL",
    "XRechnung",
}


def _entries():
    return YAML(typ="safe").load((Path(settings.DATA_DIR) / STANDARDS_FILE).read_text(encoding="utf-8"))


def test_data_file_names_every_required_standard_with_sources():
    entries = _entries()
    assert {e["abbreviation"] for e in entries} >= REQUIRED
    for entry in entries:
        assert entry["kind"] in StandardKind.values
        assert entry["sources"], entry["slug"]
        assert all(s.startswith(("https://", "http://")) for s in entry["sources"])
        for version in entry.get("versions") or []:
            assert version["status"] in {"current", "deprecated"}
    assert len({e["slug"] for e in entries}) == len(entries)


@pytest.mark.django_db
def test_import_is_idempotent_and_audited():
    path = Path(settings.DATA_DIR) / STANDARDS_FILE
    first = standards_import(path=path, actor=SYSTEM)
    assert first.stats["Standards"].created == len(_entries())
    records = ChangeRecord.objects.count()
    assert records >= len(_entries())
    second = standards_import(path=path, actor=SYSTEM)
    assert not second.changed
    assert ChangeRecord.objects.count() == records
    xmeld = Standard.objects.get(slug="xmeld")
    assert xmeld.publisher.startswith("Koordinierungsstelle für IT-Standards")
    assert (
        StandardVersion.objects.get(standard=xmeld, version="1.3.2").published_on.isoformat() == "2007-02-28"
    )
    assert Standard.objects.get(slug="xzufi").publisher == ""  # not confirmed: stays empty
    assert Standard.objects.get(slug="fit-connect").official_url == "https://docs.fitko.de/fit-connect/docs/"


@pytest.mark.django_db
def test_changed_entry_is_updated(tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text(
        "- {slug: t, abbreviation: T, name: Test, kind: other, sources: ['https://example.org'], "
        "versions: [{version: '1', status: current}]}\n",
        encoding="utf-8",
    )
    standards_import(path=path, actor=SYSTEM)
    path.write_text(path.read_text().replace("name: Test", "name: Neu").replace("current", "deprecated"))
    result = standards_import(path=path, actor=SYSTEM)
    assert result.stats["Standards"].updated == 1
    assert result.stats["Standardversionen"].updated == 1
    assert Standard.objects.get(slug="t").name == "Neu"


@pytest.mark.django_db
def test_entries_without_sources_are_refused(tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text("- {slug: t, abbreviation: T, kind: other, sources: []}\n", encoding="utf-8")
    with pytest.raises(DomainError, match="no source"):
        standards_import(path=path, actor=SYSTEM)
    assert not Standard.objects.exists()


@pytest.mark.django_db
def test_commands_load_the_registry(capsys):
    call_command("import-standards")
    assert "Standards: " in capsys.readouterr().out
    call_command("import-standards")
    assert "Keine Änderungen" in capsys.readouterr().out
    assert Standard.objects.filter(slug="oparl").exists()


@pytest.mark.django_db
def test_import_reference_loads_the_registry_too():
    call_command("import-reference", "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    assert Standard.objects.count() == len(_entries())
