"""The desk at 1366×768 in a real Chromium (issue 21): the answer on arrival, the genogram of a
40-person family, the ecomap, the keyboard and the list, the links out, and the exports.
Screenshots: docs/images/desk-*.png (small PNGs the docs show)."""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

import pytest
from conftest import add_user, browser_give_reason, browser_login, start_server, wait_until
from family_graph import family_settings, load_family, uids
from large_family import large_settings, load_large
from PIL import Image
from screens import save_small
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from app import create_app
from app.explorer.elements import SHARED_CHILD_LABEL
from app.explorer.page import DETAILS, NETWORK

IMAGES = Path(__file__).resolve().parents[3] / "docs" / "images"
pytestmark = pytest.mark.browser


def laptop(dash_duo) -> None:
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )


@pytest.fixture
def desk(tmp_path, dash_duo):
    settings = family_settings(tmp_path)
    store = load_family(settings, tmp_path / "report")
    server = create_app(settings, store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    laptop(dash_duo)
    start_server(dash_duo, server)
    yield dash_duo, server, uids(store)
    store.close()


@pytest.fixture
def large_desk(tmp_path, dash_duo):
    store, focus = load_large(tmp_path)
    server = create_app(large_settings(tmp_path), store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    laptop(dash_duo)
    start_server(dash_duo, server)
    yield dash_duo, server, focus[0]
    store.close()


def cy(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(
        f"const cy = document.querySelector('#{NETWORK}')._cyreg.cy; {script}", *args
    )


def shoot(dash_duo, name: str) -> Path:
    time.sleep(0.6)  # let cytoscape settle its fit
    return save_small(dash_duo.driver, f"desk-{name}-1366x768")


def open_family(dash_duo, person: str, query: str = "") -> None:
    browser_login(dash_duo, "sam", path=f"/family/{person}{query}")
    browser_give_reason(dash_duo)
    dash_duo.wait_for_element(f"#{NETWORK}", timeout=15)
    wait_until(lambda: people_drawn(dash_duo) > 0, timeout=15, message="the picture")


def people_drawn(dash_duo) -> int:
    return dash_duo.driver.execute_script(
        f"const b = document.getElementById('{NETWORK}');"
        "return b && b._cyreg ? b._cyreg.cy.nodes('.person').length : 0;"
    )


def details(dash_duo) -> str:
    return dash_duo.find_element(f"#{DETAILS}").text


def test_the_answer_on_arrival_with_no_click(desk):
    """Target: 0 clicks from the family opening to the lead practitioner, phone and last contact of
    each of the child's current services."""
    dash_duo, server, people = desk
    open_family(dash_duo, people["jaden"])  # nothing is clicked after the reason form
    cards = dash_duo.find_elements(".services-now .service-now")
    assert len(cards) == 2  # Stockport CSC and the school nurse, both current
    text = [c.text for c in cards]
    assert "Lead practitioner: Priya Shah, Social worker" in text[0]
    assert "Lead practitioner: Ruth Evans" in text[1]
    links = {a.get_attribute("href") for a in dash_duo.find_elements(".services-now a")}
    assert {"tel:01614741234", "mailto:priya.shah@stockport.gov.uk", "tel:01614195000"} <= links
    assert "Last contact: 10 Nov 2026 (15 days ago)" in text[0] and "Status: current" in text[0]
    fresh = dash_duo.find_element(".services-now .fresh")
    assert "fresh-recent" in fresh.get_attribute("class")
    colour = dash_duo.driver.execute_script("return getComputedStyle(arguments[0]).color", fresh)
    assert colour == "rgb(6, 118, 71)"  # var(--ok)
    assert "from Stockport CSC — correct as of 20 Nov 2026, covers 1 Jan 2018 to 19 Nov 2026" in text[0]
    assert cards[0].find_element("css selector", ".badge-stale").text == "STALE"  # 5 days old, daily
    # the sources that found nothing or do not cover him: one closed line each
    groups = dash_duo.find_elements(".flag-group")
    assert groups and all(g.get_attribute("open") is None for g in groups)
    shoot(dash_duo, "arrival")

    # a click away: someone he lives with, from the panel itself
    kelly = next(b for b in dash_duo.find_elements(".lives-with button") if b.text == "Kelly Smith")
    kelly.click()
    wait_until(lambda: details(dash_duo).startswith("Kelly Smith"), message="Kelly's panel")
    assert "Lead practitioner: Priya Shah" in details(dash_duo)
    # Tyler's closed involvement: one line that opens
    cy(dash_duo, "cy.getElementById(arguments[0]).emit('tap');", f"p:{people['tyler']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "1 historic involvement", timeout=10)
    assert "Mark Lee" not in details(dash_duo)
    dash_duo.find_element(".historic-group summary").click()
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Mark Lee", timeout=5)
    assert "Status: historic" in details(dash_duo)
    audit = server.extensions["familynet"].audit
    shown = {(e.details["person"], e.details["source"]) for e in audit.entries(action="view_service")}
    assert (people["jaden"], "stockport-csc") in shown and (people["tyler"], "stockport-csc") in shown


def overlaps(a: dict, b: dict) -> bool:
    return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


def test_a_forty_person_genogram_is_readable_with_no_label_overlapping(large_desk):
    dash_duo, _, focus = large_desk
    open_family(dash_duo, focus, "?depth=3")
    wait_until(lambda: people_drawn(dash_duo) >= 40, message="40 people")
    time.sleep(0.5)
    boxes = cy(
        dash_duo,
        "return cy.nodes('.person').map(n => [n.id(), n.data('parent') || null, "
        "n.renderedBoundingBox({includeLabels: true})]);",
    )
    for (a, _, box_a), (b, _, box_b) in combinations(boxes, 2):
        assert not overlaps(box_a, box_b), (a, b)
    homes = cy(dash_duo, "return cy.nodes('.household-box').map(n => [n.id(), n.renderedBoundingBox()]);")
    assert len(homes) >= 8
    for home, outline in homes:
        for person, parent, box in boxes:
            if parent != home:
                assert not overlaps(box, outline), (person, home)
    # readable at 1366×768: a label is at least 11 px on screen, and the person opened is in view
    font, zoom = cy(
        dash_duo, "return [parseFloat(cy.nodes('.person').first().style('font-size')), cy.zoom()];"
    )
    assert font * zoom >= 11
    inside = cy(
        dash_duo,
        "const b = cy.getElementById(arguments[0]).renderedBoundingBox();"
        "return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height();",
        f"p:{focus}",
    )
    assert inside
    first = cy(dash_duo, "return cy.nodes().map(n => [n.id(), n.position()]);")
    shoot(dash_duo, "genogram-40")
    dash_duo.driver.refresh()  # the same family draws the same way
    wait_until(lambda: people_drawn(dash_duo) >= 40, timeout=15, message="again")
    assert cy(dash_duo, "return cy.nodes().map(n => [n.id(), n.position()]);") == first


def test_the_genogram_of_the_hand_made_family(desk):
    dash_duo, _, people = desk
    open_family(dash_duo, people["jaden"])
    shoot(dash_duo, "genogram")
    focus = cy(dash_duo, "return cy.getElementById(arguments[0]).classes();", f"p:{people['jaden']}")
    assert "focus" in focus and "male" in focus
    parents = cy(dash_duo, "return cy.nodes('.person').map(n => n.data('parent'));")
    assert len(set(parents)) == 2  # two households: Larch Road and Clyde Road
    assert cy(dash_duo, "return cy.edges('.possible-match').data('label');") == SHARED_CHILD_LABEL


def test_the_ecomap_puts_the_household_in_the_middle_and_services_around_it(desk):
    dash_duo, _, people = desk
    open_family(dash_duo, people["jaden"], "?view=ecomap")
    services = cy(dash_duo, "return cy.nodes('.eco-service').map(n => [n.data('label'), n.classes()]);")
    by_name = {label.split("\n")[0]: classes for label, classes in services}
    assert set(by_name) == {"Stockport Children's Social Care", "Stockport School Nursing"}
    assert "fresh-recent" in by_name["Stockport Children's Social Care"]  # 15 days
    assert "fresh-ageing" in by_name["Stockport School Nursing"]  # 71 days
    sectors = cy(dash_duo, "return cy.nodes('.sector').map(n => n.data('label'));")
    assert sorted(sectors) == ["Health", "Social care"]
    centre = cy(dash_duo, "return cy.nodes('.household-box').children().map(n => n.id());")
    assert sorted(centre) == sorted(f"p:{people[k]}" for k in ("jaden", "kelly", "dean"))
    edges = cy(dash_duo, "return cy.edges().map(e => [e.data('label'), e.style('line-style')]);")
    assert ["last contact 15 days ago", "solid"] in edges
    shoot(dash_duo, "ecomap")
    csc = cy(
        dash_duo, "return cy.nodes('.eco-service').filter(n => n.data('label').includes('Social')).id();"
    )
    cy(dash_duo, "cy.getElementById(arguments[0]).emit('tap');", csc)
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Lead practitioners for this family", timeout=10)


def test_the_desk_works_by_keyboard_and_as_a_list(desk):
    dash_duo, _, people = desk
    open_family(dash_duo, people["jaden"])
    dash_duo.driver.execute_script(f"document.getElementById('{NETWORK}').focus();")
    keys = ActionChains(dash_duo.driver)
    keys.send_keys(Keys.ARROW_RIGHT).perform()  # the first person in reading order
    first = cy(dash_duo, "return cy.nodes(':selected').data('label');")
    assert first
    keys.send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ENTER).perform()
    second = cy(dash_duo, "return cy.nodes(':selected').data('label');").split("\n")[0]
    assert second != first.split("\n")[0]
    wait_until(lambda: details(dash_duo).startswith(second), message=f"{second}'s panel")
    keys.send_keys(Keys.ESCAPE).perform()
    assert dash_duo.driver.execute_script("return document.activeElement.id") == "family-details-panel"

    dash_duo.find_element("#view-list").click()
    dash_duo.wait_for_element("#family-list", timeout=10)
    names = [b.text for b in dash_duo.find_elements("#family-list button")]
    assert "Tyler Smith" in names and "Stockport School Nursing" in names
    rows = dash_duo.find_element("#family-list").text
    assert "Possible match" not in rows and "possible duplicate of Kelly Smith (not merged)" in rows
    tyler = next(b for b in dash_duo.find_elements("#family-list button") if b.text == "Tyler Smith")
    tyler.send_keys(Keys.ENTER)  # a button: Enter opens it
    wait_until(lambda: details(dash_duo).startswith("Tyler Smith"), message="Tyler's panel")
    shoot(dash_duo, "list")


def test_links_to_the_timeline_and_the_summary(desk):
    dash_duo, _, people = desk
    open_family(dash_duo, people["jaden"])
    summary = dash_duo.find_element("#family-summary-link").get_attribute("href")
    assert summary.endswith(f"/family/{people['jaden']}/summary?depth=2")
    dash_duo.find_element("#family-timeline-link").click()
    dash_duo.wait_for_element(".meeting-page", timeout=15)
    wait_until(
        lambda: "hidden" not in dash_duo.find_element("#meeting-timeline-view").get_attribute("class"),
        message="the timeline shown",
    )
    dash_duo.driver.get(summary)
    assert "Family of Jaden Smith" in dash_duo.find_element("#summary-title").text


def download(dash_duo, pattern: str) -> Path:
    folder = Path(dash_duo.download_path)
    return wait_until(
        lambda: [p for p in folder.glob(pattern) if p.stat().st_size and not p.name.endswith(".crdownload")],
        timeout=20,
        message=pattern,
    )[0]


def test_exports_carry_title_date_legend_sources_and_marking_and_can_leave_out_addresses(desk):
    dash_duo, server, people = desk
    open_family(dash_duo, people["jaden"])
    dash_duo.find_element("#family-export-svg").click()
    svg = download(dash_duo, "*genogram.svg").read_text(encoding="utf-8")
    for words in (
        "OFFICIAL-SENSITIVE",
        "Family of Jaden Smith — genogram",
        "Prepared 25 Nov 2026 by sam",
        "Partners",
        "Possible match, not merged",
        "Stockport CSC: correct as of 20 Nov 2026 — STALE",
        "Manchester Early Help: correct as of",
        'fill="#ffffff"',
    ):
        assert words in svg, words
    assert "Larch Road" in svg  # the household box says where they live ...
    dash_duo.find_element("#family-export-no-address input").click()
    dash_duo.find_element("#family-export-svg").click()
    plain = download(dash_duo, "*no-addresses.svg").read_text(encoding="utf-8")
    assert "Larch Road" not in plain and "SK4" not in plain and "addresses left out" in plain  # ... or not
    assert "OFFICIAL-SENSITIVE" in plain and "Jaden Smith" in plain

    dash_duo.find_element("#family-export-png").click()
    png = download(dash_duo, "*no-addresses.png")
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        assert width >= 2400 and height > 600  # drawn at twice the screen's scale
        for corner in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)):
            assert rgb.getpixel(corner) == (255, 255, 255)  # white, not transparent
        band = rgb.crop((width // 3, 0, 2 * width // 3, 60))  # the marking, centred at the top
        assert band.getextrema()[0][0] < 100
        rgb.resize((width // 4, height // 4)).quantize(colors=96).save(
            IMAGES / "desk-export.png", optimize=True
        )
    entries = server.extensions["familynet"].audit.entries(action="export_image")
    assert [(e.details["format"], e.details["addresses"]) for e in entries] == [
        ("svg", True),
        ("svg", False),
        ("png", False),
    ]
