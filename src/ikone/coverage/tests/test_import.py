"""Import from CSV and XLSX: every bad row with its line number, all or nothing unless partial."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ikone.coverage import outputs, services
from ikone.coverage.models import ServiceStatus, StatusChange
from ikone.coverage.services import UnprocessableRows

pytestmark = pytest.mark.django_db


def _csv(catalog, *lines):
    header = "ozg_id,name,level,model,online_since,url,note"
    return "\n".join([header, *lines]).encode()


def test_import_applies_valid_rows_and_skips_blank_levels(actor, town, catalog):
    content = _csv(
        catalog,
        f"{catalog[0].ozg_id},Hund,3,1.1,2023-05-01,https://example.org/hund,",
        f"{catalog[1].ozg_id},Wohngeld,,1.1,,,",
        f"{catalog[2].ozg_id},Gewerbe,6,2.0,01.02.2024,,neu",
    )
    report = services.coverage_import(actor=actor, organization=town, content=content)

    assert (report.applied, report.skipped_blank, report.problems) == (2, 1, [])
    statuses = {s.service_id: s for s in ServiceStatus.objects.select_related("model")}
    assert statuses[catalog[0].pk].source == "imported"
    assert (statuses[catalog[2].pk].level, statuses[catalog[2].pk].model.version) == (6, "2.0")
    assert StatusChange.objects.count() == 2


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_applied(actor, town, catalog):
    content = _csv(
        catalog,
        f"{catalog[0].ozg_id},ok,3,1.1,,,",  # line 2: fine
        "99999999,unbekannt,3,1.1,,,",  # line 3
        f"{catalog[1].ozg_id},zu hoch,5,1.1,,,",  # line 4
        f"{catalog[2].ozg_id},Datum,2,1.1,morgen,keine-url,",  # line 5: two problems
        f"{catalog[0].ozg_id},doppelt,2,1.1,,,",  # line 6
    )
    with pytest.raises(UnprocessableRows) as error:
        services.coverage_import(actor=actor, organization=town, content=content)

    problems = [(p.line, p.column) for p in error.value.problems]
    assert problems == [(3, "ozg_id"), (4, "level"), (5, "online_since"), (5, "url"), (6, "ozg_id")]
    assert error.value.status == 422
    assert error.value.errors[0].field == "rows.3.ozg_id"
    assert not ServiceStatus.objects.exists()


def test_partial_import_applies_the_valid_rows(actor, town, catalog):
    content = _csv(catalog, f"{catalog[0].ozg_id},ok,3,1.1,,,", f"{catalog[1].ozg_id},bad,9,1.1,,,")
    report = services.coverage_import(actor=actor, organization=town, content=content, partial=True)

    assert report.applied == 1
    assert [(p.line, p.column) for p in report.problems] == [(3, "level")]
    assert ServiceStatus.objects.count() == 1


def test_semicolon_csv_from_excel_and_xlsx_files_are_read(actor, town, catalog):
    semicolon = f"ozg_id;name;level;model\n{catalog[0].ozg_id};Hund;4;1.1\n".encode("cp1252")
    assert services.coverage_import(actor=actor, organization=town, content=semicolon).applied == 1

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ozg_id", "name", "level", "model", "online_since", "url", "note"])
    sheet.append([catalog[1].ozg_id, "Wohngeld", 2, "1.1", None, None, None])
    sheet.append([catalog[2].ozg_id, "Gewerbe", 8, "1.1", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnprocessableRows) as error:
        services.coverage_import(actor=actor, organization=town, content=buffer.getvalue())
    assert [(p.line, p.column) for p in error.value.problems] == [(3, "level")]


def test_missing_columns_reject_the_file(actor, town, catalog):
    with pytest.raises(services.DomainError) as error:
        services.coverage_import(actor=actor, organization=town, content=b"name,level\nx,1\n")
    assert "ozg_id" in error.value.detail


def test_the_template_round_trips_in_csv_and_xlsx(actor, town, catalog):
    for fmt in ("csv", "xlsx"):
        response = outputs.template_response(fmt)
        report = services.coverage_import(actor=actor, organization=town, content=response.content)
        assert (report.applied, report.skipped_blank) == (0, len(catalog))


def test_import_command_all_or_nothing_and_partial(tmp_path, town, catalog, capsys):
    path = tmp_path / "stand.csv"
    path.write_bytes(_csv(catalog, f"{catalog[0].ozg_id},ok,3,1.1,,,", f"{catalog[1].ozg_id},bad,x,1.1,,,"))

    with pytest.raises(CommandError):
        call_command("coverage", "import", str(path), "--org", town.ags)
    assert "Zeile 3: level" in capsys.readouterr().err
    assert not ServiceStatus.objects.exists()

    with pytest.raises(CommandError):  # partial still exits 1 because rows were rejected
        call_command("coverage", "import", str(path), "--org", town.ags, "--partial")
    assert ServiceStatus.objects.count() == 1
