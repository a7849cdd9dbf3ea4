from unittest import mock

import pytest

from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization
from ikone.organizations.services import directory_import

pytestmark = pytest.mark.django_db

HEADER = (
    "satzart,textkennzeichen,ars_land,ars_rb,ars_kreis,ars_vb,ars_gem,gemeindename,flaeche_km2,"
    "bevoelkerung_insgesamt,bevoelkerung_maennlich,bevoelkerung_weiblich,bevoelkerung_je_km2,postleitzahl,"
    "laengengrad,breitengrad,reisegebiet_schluessel,reisegebiet_bezeichnung,verstaedterung_schluessel,"
    "verstaedterung_bezeichnung\n"
)
ROWS = [
    "10,,07,,,,,Rheinland-Pfalz,,,,,,,,,,,,",
    "20,,07,1,,,,Koblenz,,,,,,,,,,,,",
    "40,44,07,1,41,,,Rhein-Lahn-Kreis,,,,,,,,,,,,",
    "50,53,07,1,41,5007,,Aar-Einrich,,,,,,,,,,,,",
    '60,63,07,1,41,5007,068,"Katzenelnbogen, Stadt",8.52,2240,1100,1140,263,56368,7.97,50.27,,,03,gering',
    "60,64,07,1,41,5007,001,Allendorf,5.00,500,250,250,100,56370,7.95,50.28,,,03,gering",
    "50,50,07,1,41,0000,,Verbandsfrei,,,,,,,,,,,,",
    "30,,08,1,,,,Region Stuttgart,,,,,,,,,,,,",
]


def write(tmp_path, rows):
    path = tmp_path / "directory.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_creates_the_hierarchy_with_parents_and_population(tmp_path):
    result = directory_import(path=write(tmp_path, ROWS), actor=Actor.system("test"))

    assert result.errors == []
    town = Organization.objects.get(level=Level.GEMEINDE, ags="07141068")
    assert town.short_name == "Katzenelnbogen"
    assert town.kind == "Stadt"
    assert town.ars == "071415007068"
    assert town.gemeindeverband.short_name == "Verbandsgemeinde Aar-Einrich"
    assert town.kreis.short_name == "Landkreis Rhein-Lahn-Kreis"
    assert town.land.name == "Rheinland-Pfalz"
    assert town.kreis.population == 2740  # sum of its municipalities
    assert not Organization.objects.filter(name="Verbandsfrei").exists()  # mirror records are skipped
    assert not Organization.objects.filter(name="Region Stuttgart").exists()


def test_import_reports_bad_rows_with_line_numbers_and_imports_the_rest(tmp_path):
    rows = [
        *ROWS,
        "60,63,07,1,41,5007,06X,Kaputtstadt,1,1,1,1,1,56368,7.9,50.2,,,03,gering",  # line 10
        "60,99,07,1,41,5007,070,Unbekannt,1,1,1,1,1,56368,7.9,50.2,,,03,gering",  # line 11
        "99,,07,,,,,Was ist das,,,,,,,,,,,,",  # line 12
        "60,64,07,1,41,5007,071,Ohne PLZ,1,1,1,1,1,0,7.9,50.2,,,03,gering",  # line 13: warning only
    ]
    result = directory_import(path=write(tmp_path, rows), actor=Actor.system("test"))

    assert [(e.line, e.file) for e in result.errors] == [
        (10, "directory.csv"),
        (11, "directory.csv"),
        (12, "directory.csv"),
    ]
    assert "Gemeindeschlüssel" in result.errors[0].message
    assert "Textkennzeichen" in result.errors[1].message
    assert [w.line for w in result.warnings] == [13]
    assert Organization.objects.filter(level=Level.GEMEINDE).count() == 3
    assert Organization.objects.get(ags="07141071").postcode == ""


def test_second_import_changes_nothing_and_says_so(tmp_path):
    path = write(tmp_path, ROWS)
    directory_import(path=path, actor=Actor.system("test"))
    records = ChangeRecord.objects.count()

    again = directory_import(path=path, actor=Actor.system("test"))

    assert not again.changed
    assert sum(s.unchanged for s in again.stats.values()) == 6
    assert ChangeRecord.objects.count() == records


def test_changed_row_is_updated_and_audited_with_a_field_diff(tmp_path):
    directory_import(path=write(tmp_path, ROWS), actor=Actor.system("test"))
    changed = [r.replace(",2240,", ",2300,") for r in ROWS]

    result = directory_import(path=write(tmp_path, changed), actor=Actor.system("test"))

    assert result.stats["Organisationen (Gemeinde)"].updated == 1
    record = ChangeRecord.objects.filter(action="update", object_repr="Katzenelnbogen").get()
    assert record.changes["population"] == ["2240", "2300"]
    assert record.actor_label == "System: test"


def test_failure_midway_leaves_nothing_half_written(tmp_path):
    from ikone.core.sync import sync_rows

    calls = []

    def fail_on_municipalities(**kwargs):
        calls.append(kwargs["rows"])
        if len(calls) == 5:
            raise RuntimeError("Abbruch beim Schreiben der Gemeinden")
        return sync_rows(**kwargs)

    with (
        mock.patch("ikone.organizations.services.sync_rows", side_effect=fail_on_municipalities),
        pytest.raises(RuntimeError),
    ):
        directory_import(path=write(tmp_path, ROWS), actor=Actor.system("test"))
    assert len(calls) == 5
    assert Organization.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_missing_columns_are_reported_on_line_one(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("satzart,name\n10,Foo\n", encoding="utf-8")
    result = directory_import(path=path, actor=Actor.system("test"))
    assert result.errors[0].line == 1
    assert "Spalten fehlen" in result.errors[0].message
