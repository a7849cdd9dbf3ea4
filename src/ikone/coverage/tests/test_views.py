"""The coverage pages: organisation, network dashboard with drill-down, Land; exports; edit and upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ikone.accounts.models import User
from ikone.core.testing.factories import LandFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage import services
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues
from ikone.operations.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(User.objects.create_user(email="staff@example.org", is_staff=True))
    return client


def test_organization_page_shows_chart_table_and_gaps(actor, town, catalog):
    services.service_status_set(
        actor=actor, organization=town, service=catalog[0], values=StatusValues(level=3)
    )
    page = Client().get(f"/kommunen/{town.ags}/ozg-stand/").content.decode()

    assert '<svg class="coverage-chart" role="img"' in page
    assert "Reifegrade nach Themenfeld (Modell 1.1)" in page
    assert "1 von 6 OZG-Leistungen sind OZG-konform" in page
    assert catalog[1].name in page  # a gap
    assert "Stand speichern" not in page  # anonymous visitors do not edit


def test_editor_sets_a_status_and_sees_form_errors(editor, town, catalog):
    url = f"/kommunen/{town.ags}/ozg-stand/"
    bad = editor.post(url, {"ozg_id": catalog[0].ozg_id, "model": "1.1", "level": 6})
    assert (
        "gibt es im Reifegradmodell 1.1 nicht" in bad.content.decode()
        or "Stufen im Modell 1.1" in bad.content.decode()
    )
    assert not ServiceStatus.objects.exists()

    good = editor.post(url, {"ozg_id": catalog[0].ozg_id, "model": "1.1", "level": 4})
    assert good.status_code == 302
    assert ServiceStatus.objects.get().level == 4


def test_upload_runs_as_a_job_whose_status_page_lists_every_bad_line(editor, town, catalog):
    content = f"ozg_id,level\n{catalog[0].ozg_id},3\n4711,3\n{catalog[1].ozg_id},9\n".encode()
    response = editor.post(
        f"/kommunen/{town.ags}/ozg-stand/",
        {"upload": "1", "file": SimpleUploadedFile("stand.csv", content, content_type="text/csv")},
    )
    run = JobRun.objects.get()
    assert response["Location"] == f"/vorgaenge/{run.pk}/"
    assert run.state == JobRun.State.FAILED
    page = editor.get(response["Location"]).content.decode()
    assert "Fehlgeschlagen" in page
    assert "es wurde nichts übernommen" in page
    assert "Zeile 3: ozg_id: unbekannte OZG-ID 4711" in page
    assert "Zeile 4: level" in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert not ServiceStatus.objects.exists()


def test_a_good_upload_ends_done_with_a_link_to_the_statuses(editor, town, catalog):
    content = f"ozg_id,level\n{catalog[0].ozg_id},3\n{catalog[1].ozg_id},4\n".encode()
    response = editor.post(
        f"/kommunen/{town.ags}/ozg-stand/",
        {"upload": "1", "file": SimpleUploadedFile("stand.csv", content, content_type="text/csv")},
    )
    run = JobRun.objects.get()
    assert (run.state, run.summary, run.problems) == (
        JobRun.State.DONE,
        "2 Stände übernommen, 0 unverändert",
        [],
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Erledigt: 2 Stände übernommen" in page
    assert f'href="/kommunen/{town.ags}/ozg-stand/#staende"' in page
    assert ServiceStatus.objects.count() == 2


def test_network_dashboard_drill_down_and_exports(actor, town, network, catalog):
    services.service_status_set(
        actor=actor, organization=town, service=catalog[0], values=StatusValues(level=4)
    )
    client = Client()
    page = client.get(f"/netzwerke/{network.slug}/ozg-stand/").content.decode()
    assert "Mitglieder × Themenfelder" in page
    assert "heat-" in page

    drill = client.get(f"/netzwerke/{network.slug}/ozg-stand/?themenfeld={catalog[0].themenfeld.slug}")
    assert "Stufe 4" in drill.content.decode()

    csv = client.get(f"/netzwerke/{network.slug}/ozg-stand/?format=csv&table=matrix")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Kaiserslautern" in csv.content.decode("utf-8-sig")
    xlsx = client.get(
        f"/netzwerke/{network.slug}/ozg-stand/?themenfeld={catalog[0].themenfeld.slug}&format=xlsx&table=leistungen"
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=3).value == "4 (1.1)"


def test_land_page_and_export(actor, town, catalog):
    LandFactory()
    services.service_status_set(
        actor=actor, organization=town, service=catalog[0], values=StatusValues(level=3)
    )
    client = Client()
    page = client.get("/ozg-stand/laender/07/?min_level=3").content.decode()
    assert "Rheinland-Pfalz" in page
    assert "überall" in page
    export = client.get("/ozg-stand/laender/07/?min_level=2&format=csv").content.decode("utf-8-sig")
    assert "Kommunen mit Stufe ≥ 2" in export


def test_pages_have_constant_query_counts(actor, town, network, catalog):
    from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory

    LandFactory()
    grown = iter(range(len(catalog)))

    def grow():
        index = next(grown)
        peer = MunicipalityFactory()
        MembershipFactory(network=network, organization=peer)
        for org in (town, peer):
            services.service_status_set(
                actor=actor, organization=org, service=catalog[index], values=StatusValues(level=3)
            )

    client = Client()
    for url in [
        f"/kommunen/{town.ags}/ozg-stand/",
        f"/netzwerke/{network.slug}/ozg-stand/",
        f"/netzwerke/{network.slug}/ozg-stand/?themenfeld={catalog[0].themenfeld.slug}",
        "/ozg-stand/laender/07/",
    ]:
        assert_constant_queries(lambda url=url: client.get(url), grow)
