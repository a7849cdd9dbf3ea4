import pytest

from ikone.core.audit import Actor
from ikone.ozg.models import Lage, LeikaService, MaturityLevel, MaturityModel, Service, Themenfeld
from ikone.ozg.services import ozg_catalog_import

pytestmark = pytest.mark.django_db

MATURITY = (
    "stufe,bezeichnung,beschreibung,ozg_konform\n"
    "0,Offline,Keine Informationen.,nein\n1,Information,Informationen.,nein\n2,Formular-Assistent,Formular.,nein\n"
    "3,Online-Leistung,Online.,ja\n4,Online-Transaktion,Transaktion.,ja\n"
)
LEIKA_HEADER = (
    "leika_schluessel,leika_bezeichnung,ozg_id,ozg_leistung,leika_typ,rechtsgrundlagen,gesetze,gesetzeskuerzel,"
    "sdg1_relevanz,sdg2_relevanz\n"
)


def write_catalog(tmp_path, *, services_extra="", leika_extra=""):
    (tmp_path / "ozg_themenfelder.csv").write_text("themenfeld_id,themenfeld\n1,Familie & Kind\n2,Umwelt\n")
    (tmp_path / "ozg_lebenslagen.csv").write_text(
        "lage_id,lage,themenfeld_id,themenfeld\n26,Geburt,1,Familie & Kind\n2,Abfall & Umweltschutz,2,Umwelt\n"
    )
    (tmp_path / "ozg_leistungen.csv").write_text(
        "ozg_id,ozg_leistung,lage_id,lage,themenfeld_id,themenfeld,anzahl_leika_leistungen\n"
        "10000,Elterngeld,26,Geburt,1,Familie & Kind,1\n10110,Abfallentsorgung,2,Abfall,2,Umwelt,2\n"
        + services_extra
    )
    (tmp_path / "ozg_leika_zuordnung.csv").write_text(
        LEIKA_HEADER
        + "99001001000000,Abfallgebühr,10110,Abfallentsorgung,5,,,,1,0\n"
        + "nicht im LeiKa,Sonderabfall,10110,Abfallentsorgung,1,,,,1,1\n"
        + "nicht im LeiKa,Sonderabfall,10110,Abfallentsorgung,1,,,,0,0\n"
        + "99001002000000,Abgeschaffte Leistung,,,5,,,,0,0\n"
        + leika_extra
    )
    (tmp_path / "ozg_reifegradmodell_1_1_stufen.csv").write_text(MATURITY)
    return tmp_path


def test_import_builds_the_catalog_and_both_maturity_models(tmp_path):
    result = ozg_catalog_import(data_dir=write_catalog(tmp_path), actor=Actor.system("test"))

    assert result.errors == []
    assert Themenfeld.objects.count() == 2
    assert Lage.objects.get(source_id=26).themenfeld.name == "Familie & Kind"
    waste = Service.objects.get(ozg_id=10110)
    assert waste.themenfeld.name == "Umwelt"
    assert waste.leika_services.count() == 3  # the repeated row without a key is kept twice
    orphan = LeikaService.objects.get(key="99001002000000")
    assert orphan.service is None
    assert orphan.source_ozg_id is None
    assert list(MaturityModel.objects.values_list("version", flat=True)) == ["1.1", "2.0"]
    assert MaturityLevel.objects.filter(model__version="1.1", ozg_compliant=True).count() == 2
    assert MaturityLevel.objects.filter(model__version="2.0").count() == 8


def test_rerun_reports_every_row_unchanged(tmp_path):
    path = write_catalog(tmp_path)
    ozg_catalog_import(data_dir=path, actor=Actor.system("test"))
    again = ozg_catalog_import(data_dir=path, actor=Actor.system("test"))
    assert not again.changed
    assert again.stats["LeiKa-Leistungen"].unchanged == 4


def test_bad_rows_are_reported_with_file_and_line(tmp_path):
    path = write_catalog(
        tmp_path,
        services_extra="abc,Kaputt,26,Geburt,1,Familie,0\n10200,Unbekannte Lage,999,X,1,X,0\n",
        leika_extra="1234,Zu kurz,10110,Abfall,5,,,,0,0\n99001003000000,Flagge falsch,10110,Abfall,5,,,,ja,0\n",
    )
    result = ozg_catalog_import(data_dir=path, actor=Actor.system("test"))

    assert [(e.file, e.line) for e in result.errors] == [
        ("ozg_leistungen.csv", 4),
        ("ozg_leistungen.csv", 5),
        ("ozg_leika_zuordnung.csv", 6),
        ("ozg_leika_zuordnung.csv", 7),
    ]
    assert Service.objects.count() == 2
    assert LeikaService.objects.count() == 4


def test_user_maintained_fields_survive_a_reimport(tmp_path):
    path = write_catalog(tmp_path)
    ozg_catalog_import(data_dir=path, actor=Actor.system("test"))
    Service.objects.filter(ozg_id=10000).update(lead="Bund", efa_status="available")

    ozg_catalog_import(data_dir=path, actor=Actor.system("test"))

    service = Service.objects.get(ozg_id=10000)
    assert (service.lead, service.efa_status) == ("Bund", "available")
