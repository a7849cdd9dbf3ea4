"""The coverage map: boundaries, classes and legend, grey regions, table alternative, queries."""

import re

import pytest
from django.test import Client

from ikone.core.testing.factories import LandFactory, MunicipalityFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage import maps, selectors, services
from ikone.coverage.services import StatusValues
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization

pytestmark = pytest.mark.django_db

PATH = re.compile(r'<path d="[^"]+" fill="([^"]+)" data-key="(\d+)"><title>([^<]+)</title></path>')
ROW = re.compile(
    r'<tr class="kern-table__row" data-key="(\d+)">.*?coverage-legend__swatch (map-[a-z0-9]+)".*?</span>([^<]+)</td>',
    re.S,
)


def kreis(key: str, name: str) -> Organization:
    return Organization.objects.create(
        level=Level.KREIS,
        kind="Landkreis",
        name=name,
        short_name=name,
        slug=f"kreis-{key}",
        land_key=key[:2],
        kreis_key=key,
        ars=key.ljust(12, "0"),
    )


@pytest.fixture
def area(catalog, actor):
    """Kaiserslautern (Stadt) 1 of 1 at level 3; Landkreis Kaiserslautern 2 of 5 at ≥ 3, one at 1;
    Frankenthal without municipalities (grey); 07399 in the directory but not on the map."""
    LandFactory()
    kreis("07311", "Frankenthal (Pfalz)")
    kreis("07312", "Kaiserslautern")
    kreis("07335", "Landkreis Kaiserslautern")
    kreis("07399", "Neukreis")
    service = catalog[0]
    town = MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt")
    services.service_status_set(actor=actor, organization=town, service=service, values=StatusValues(level=3))
    towns = [MunicipalityFactory(ags=f"0733500{i}", name=f"Ort {i}") for i in range(2, 7)]
    for t, level in zip(towns, [4, 3, 1], strict=False):
        services.service_status_set(
            actor=actor, organization=t, service=service, values=StatusValues(level=level)
        )
    MunicipalityFactory(ags="07399001", name="Neuort")
    return service


def parse(page: str) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    paths = {key: (fill, title) for fill, key, title in PATH.findall(page)}
    rows = {key: (css, value.strip()) for key, css, value in ROW.findall(page)}
    return paths, rows


def test_boundaries_are_shipped_small_and_keyed():
    kreise, gemeinden = maps.layer("kreise"), maps.layer("gemeinden")
    assert len(kreise.features) == 401
    assert len(gemeinden.features) > 10_900
    assert all(len(k) == 5 for k in kreise.features)
    assert all(len(k) == 8 for k in gemeinden.features)
    x0, y0, x1, y1 = maps.path_bbox(kreise.features["07312"][1])
    assert 0 < x0 < x1 <= kreise.view_box[2]
    assert 0 < y0 < y1 <= kreise.view_box[3]


@pytest.mark.parametrize(
    ("share", "index"), [(0.0, 0), (0.199, 0), (0.2, 1), (0.4, 2), (0.79, 3), (0.8, 4), (1.0, 4)]
)
def test_share_classes(share, index):
    assert maps.share_class(share) == index


def test_kreis_shares_from_the_aggregates(area):
    figures = {f.key: f for f in selectors.kreis_shares(threshold=3, service=area)}
    assert figures["07312"].share == 1.0
    assert figures["07335"].share == pytest.approx(0.4)
    assert figures["07335"].reported == 3
    assert figures["07311"].share is None
    assert figures["07399"].share is None


def test_kreis_map_renders_classes_legend_attribution_and_the_same_table(area):
    page = Client().get(f"/ozg-stand/karte/?ozg_id={area.ozg_id}&min_level=3&scope=kreise").content.decode()

    assert '<svg class="coverage-map" role="img" aria-labelledby="map-title map-desc"' in page
    assert (
        '<a class="kern-link" href="https://www.bkg.bund.de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>'
        in page
    )
    paths, rows = parse(page)
    assert len(paths) == 401  # every Kreis boundary is drawn
    assert paths["07312"] == (maps.CLASS_COLOURS[4], "Kaiserslautern: 100 %")
    assert paths["07335"] == (maps.CLASS_COLOURS[2], "Landkreis Kaiserslautern: 40 %")
    assert paths["07311"] == (maps.NO_DATA_FILL, "Frankenthal (Pfalz): keine Daten")
    assert paths["16056"][0] == maps.NO_DATA_FILL  # Eisenach: on the 2021 map, not in the 2023 directory
    assert "07399" not in paths  # not on the map …
    assert rows["07399"][1] == "keine Daten"  # … but in the table
    assert "nicht auf der Karte" in page
    # The table alternative says what the map says, region by region.
    for key, (fill, title) in paths.items():
        css, value = rows[key]
        assert title.endswith(value)
        assert (fill == maps.NO_DATA_FILL) == (css == "map-nodata")
        if css != "map-nodata":
            assert maps.CLASS_COLOURS[int(css[-1])] == fill
    # Legend: five classes and "no data" with their region counts.
    assert "80 bis 100 % (1)" in page
    assert "40 bis unter 60 % (1)" in page
    assert "keine Daten (nichts erfasst, oder Gebiet nicht im Gemeindeverzeichnis 2023) (399)" in page
    assert 'style="' not in page
    assert "<script>" not in page


def test_all_services_average(area, catalog):
    figures = {f.key: f for f in selectors.kreis_shares(threshold=3)}
    assert figures["07312"].share == pytest.approx(1 / len(catalog))
    page = Client().get("/ozg-stand/karte/?ozg_id=&min_level=3").content.decode()
    paths, _rows = parse(page)
    assert paths["07312"] == (maps.CLASS_COLOURS[0], f"Kaiserslautern: {round(100 / len(catalog))} %")


def test_municipality_map_by_level_and_by_share(area):
    page = Client().get(f"/ozg-stand/karte/?ozg_id={area.ozg_id}&scope=gemeinden&land=07").content.decode()
    paths, rows = parse(page)
    assert all(key.startswith("07") for key in paths)
    assert len(paths) > 2000
    assert paths["07335002"] == (maps.CLASS_COLOURS[4], "Ort 2: Stufe 4 Online-Transaktion")
    assert paths["07335004"] == (maps.CLASS_COLOURS[1], "Ort 4: Stufe 1 Information")
    assert paths["07335005"][0] == maps.NO_DATA_FILL
    assert rows["07399001"] == ("map-nodata", "keine Daten")
    assert "07399001" not in paths
    viewbox = re.search(r'<svg class="coverage-map"[^>]* viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"', page)
    assert viewbox
    assert int(viewbox.group(3)) < maps.layer("gemeinden").view_box[2] / 2  # zoomed to the Land

    shares = Client().get("/ozg-stand/karte/?scope=gemeinden&land=07&min_level=3").content.decode()
    paths, _rows = parse(shares)
    assert paths["07335003"][1].startswith("Ort 3: ")
    assert paths["07335005"][0] == maps.NO_DATA_FILL


def test_invalid_input_falls_back_to_the_default_map(area):
    response = Client().get("/ozg-stand/karte/?ozg_id=4711&min_level=9&scope=mond")
    assert response.status_code == 200
    assert "die Karte zeigt die Voreinstellung" in response.content.decode()


def test_query_count_is_bounded(area, actor):
    client = Client()
    added = iter(range(40, 99))

    def grow():
        for _ in range(3):
            i = next(added)
            kreis(f"073{i}", f"Kreis {i}")
            town = MunicipalityFactory(ags=f"073{i}001")
            services.service_status_set(
                actor=actor, organization=town, service=area, values=StatusValues(level=2)
            )

    assert_constant_queries(lambda: client.get(f"/ozg-stand/karte/?ozg_id={area.ozg_id}"), grow)
    assert_constant_queries(lambda: client.get("/ozg-stand/karte/?scope=gemeinden&land=07"), grow)
    assert_constant_queries(lambda: client.get("/ozg-stand/karte/?scope=gemeinden&land=07&ozg_id="), grow)


def test_land_page_links_to_the_map(area):
    page = Client().get("/ozg-stand/laender/07/").content.decode()
    assert "/ozg-stand/karte/?scope=gemeinden&amp;land=07&amp;min_level=3" in page
