"""Wide tables on a laptop screen (1280 × 800): the network's members × Themenfelder matrix and the
members × OZG-Leistungen table scroll sideways inside their own region; the page itself does not.

The region is focusable (keyboard users scroll it with the arrow keys), says what it holds (named
by the table's caption), shows that more columns follow, and keeps the first column in place.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LageFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
    ThemenfeldFactory,
)
from ikone.coverage import services
from ikone.coverage.services import StatusValues
from ikone.coverage.tests.factories import maturity_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The 14 Themenfelder of the OZG catalog: the real matrix is this wide.
THEMENFELDER = [
    "Arbeit & Ruhestand",
    "Bauen & Wohnen",
    "Bildung",
    "Ein- & Auswanderung",
    "Engagement & Hobby",
    "Familie & Kind",
    "Forschung & Förderung",
    "Gesundheit",
    "Mobilität & Reisen",
    "Querschnitt",
    "Recht & Ordnung",
    "Steuern & Zoll",
    "Umwelt",
    "Unternehmensführung & -entwicklung",
]
MEMBERS = [
    ("07312000", "Kaiserslautern"),
    ("07318000", "Speyer"),
    ("07211000", "Trier"),
    ("07319000", "Worms"),
    ("07111000", "Koblenz"),
    ("07315000", "Mainz"),
    ("07314000", "Ludwigshafen am Rhein"),
    ("07317000", "Pirmasens"),
]
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def wide_network():
    maturity_models()
    actor = Actor.system("test")
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    towns = []
    for ags, name in MEMBERS:
        town = MunicipalityFactory(ags=ags, name=f"{name}, Stadt", short_name=name)
        MembershipFactory(network=network, organization=town)
        towns.append(town)
    for number, name in enumerate(THEMENFELDER):
        slug = f"themenfeld-{number}"
        lage = LageFactory(themenfeld=ThemenfeldFactory(name=name, slug=slug))
        for offset in range(2):
            service = ServiceFactory(ozg_id=10000 + 10 * number + offset, lage=lage)
            town = towns[(number + offset) % len(towns)]
            services.service_status_set(
                actor=actor, organization=town, service=service, values=StatusValues(level=2 + offset)
            )
    return network


def _no_page_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _hint(page, region):
    return page.locator(f"#{region.get_attribute('data-hint')}")


def _scrolls_with_first_column_in_place(page, caption):
    """The region is named by the caption, focusable, scrolls with the keyboard, keeps column 1."""
    table = page.get_by_role("table", name=caption)
    region = page.get_by_role("region", name=caption)
    expect(region).to_be_visible()
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth"), (
        "the table should be wider than its region"
    )
    expect(_hint(page, region)).to_be_visible()
    expect(_hint(page, region)).to_contain_text("Die Tabelle ist breiter als der Bildschirm")
    expect(region).to_have_attribute("aria-describedby", region.get_attribute("data-hint"))
    expect(page.locator(".wide-table--more-right").filter(has=region)).to_have_count(1)  # shadow at the right
    first_cell = table.locator("tbody tr").first.locator("th, td").first
    before = first_cell.bounding_box()

    region.focus()
    expect(region).to_be_focused()
    for _ in range(100):  # the focused region scrolls with the arrow keys, up to its right edge
        page.keyboard.press("ArrowRight")
        if region.evaluate("(el) => el.scrollLeft + el.clientWidth >= el.scrollWidth - 1"):
            break
    assert region.evaluate(
        "(el) => el.scrollLeft > 0 && el.scrollLeft + el.clientWidth >= el.scrollWidth - 1"
    )
    after = first_cell.bounding_box()
    assert (after["x"], after["width"]) == (before["x"], before["width"]), (
        "the first column should stay in place"
    )
    box = region.bounding_box()
    last = table.locator("thead th").last.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1, "the last column should be reachable"
    title = table.locator("caption .wide-table__caption").bounding_box()
    assert title["x"] >= box["x"] - 1, "the caption should stay in view"
    expect(page.locator(".wide-table--more-left").filter(has=region)).to_have_count(1)
    expect(page.locator(".wide-table--more-right").filter(has=region)).to_have_count(0)
    return region


def _screenshot(page, directory, name):
    shot = Path(os.environ.get("IKONE_SCREENSHOT_DIR", directory)) / name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    return shot


def test_network_matrix_scrolls_inside_its_region_at_1280px(
    page, live_server, wide_network, assert_accessible, tmp_path
):
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + "/netzwerke/ikone-ds/ozg-stand/?themenfeld=themenfeld-0")
    expect(page.get_by_role("heading", level=1)).to_have_text("OZG-Umsetzungsstand im Netzwerk IKONE-DS")
    assert _no_page_overflow(page)
    assert_accessible(page)
    caption = "Mitglieder × Themenfelder: OZG-konform / online"
    page.get_by_role("region", name=caption).scroll_into_view_if_needed()
    _screenshot(page, tmp_path, "wide-table-1280.png")

    _scrolls_with_first_column_in_place(page, caption)
    assert _no_page_overflow(page)
    _screenshot(page, tmp_path, "wide-table-1280-scrolled.png")
    assert_accessible(page)


def test_a_table_that_fits_shows_no_hint_and_adds_no_tab_stop(page, live_server, assert_accessible):
    maturity_models()
    network = NetworkFactory(slug="klein", name="Kleines Netz")
    lage = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll", slug="steuern-zoll"))
    service = ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=lage)
    for ags, name in MEMBERS[:2]:
        town = MunicipalityFactory(ags=ags, name=f"{name}, Stadt", short_name=name)
        MembershipFactory(network=network, organization=town)
        services.service_status_set(
            actor=Actor.system("test"), organization=town, service=service, values=StatusValues(level=3)
        )
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + "/netzwerke/klein/ozg-stand/?themenfeld=steuern-zoll")
    caption = "Mitglieder × OZG-Leistungen: Reifegrad und eingesetzte Lösung"
    expect(page.get_by_role("table", name=caption)).to_be_visible()
    region = page.locator(".wide-table--fits .wide-table__scroll").filter(
        has=page.get_by_role("table", name=caption)
    )
    expect(region).to_have_count(1)
    expect(region).not_to_have_attribute("tabindex", "0")
    expect(_hint(page, region)).to_be_hidden()
    assert _no_page_overflow(page)
    assert_accessible(page)
