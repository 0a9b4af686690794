"""The explorer in a real browser: search with a typo, open the family, tap people and services,
change depth, expand, export. The first walk runs on each engine (embedded FalkorDB and Neo4j), the
rest on the embedded engine. Screenshots go to artifacts/explorer-*.png."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import add_user, browser_give_reason, browser_login, start_server, wait_until
from desk import ARTIFACTS, cy, open_flag, tap
from family_graph import TODAY, fill_family

from app import create_app
from app.explorer.elements import SHARED_CHILD_LABEL
from app.explorer.page import DETAILS, NETWORK, STATUS
from graph import open_store

pytestmark = pytest.mark.browser


@pytest.fixture
def explorer(tmp_path, dash_duo, new_graph, graph_engine):
    settings = new_graph(today=TODAY, audit_url=f"sqlite:///{tmp_path}/audit.db")
    store = open_store(settings)
    people = fill_family(store, tmp_path / "report")
    server = create_app(settings, store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    start_server(dash_duo, server)  # without waiting for a Dash page: anonymous users get /login
    dash_duo.engine = graph_engine  # for the screenshots' names
    yield dash_duo, server, people
    store.close()


def people_on_screen(dash_duo) -> int:
    return cy(dash_duo, "return cy.nodes('.person').length;")


def shoot(dash_duo, name: str, size: tuple[int, int]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.set_window_size(*size)
    time.sleep(0.8)  # let cytoscape fit the new size
    engine = "" if dash_duo.engine == "embedded" else f"{dash_duo.engine}-"
    dash_duo.driver.save_screenshot(str(ARTIFACTS / f"explorer-{engine}{name}-{size[0]}x{size[1]}.png"))


def open_family_by_search(dash_duo) -> None:
    browser_login(dash_duo, "sam")
    box = dash_duo.wait_for_element("#search-box")
    box.send_keys("Jayden Smyth\n")
    dash_duo.wait_for_contains_text("#search-results", "Jaden Smith", timeout=10)
    assert "sounds like Smyth" in dash_duo.find_element("#search-results").text
    shoot(dash_duo, "search", (1366, 768))
    shoot(dash_duo, "search", (1920, 1080))
    dash_duo.find_element(".result-link").click()
    browser_give_reason(dash_duo)
    dash_duo.wait_for_element(f"#{NETWORK}", timeout=10)
    wait_until(lambda: cy(dash_duo, "return cy && cy.nodes().length > 0;"), message="the network")


def test_search_open_family_tap_person_and_service(explorer):
    dash_duo, server, people = explorer
    open_family_by_search(dash_duo)
    assert people_on_screen(dash_duo) == 5  # depth 2: everyone in the hand-made family

    # issue 21: the person opened has their panel open on arrival, services first
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Stockport CSC: current", timeout=10)
    details = dash_duo.find_element(f"#{DETAILS}").text
    assert "Priya Shah" in details and "10 Nov 2026 (15 days ago)" in details and "0161 474 1234" in details
    dash_duo.find_element(".flag-group-uncovered summary").click()  # the "does not cover" line opens
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Manchester Early Help does not cover this person")
    open_flag(dash_duo, "Stockport CSC")  # a source's facts come when it is opened
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Reason: Child in need", timeout=10)
    shoot(dash_duo, "person", (1366, 768))
    shoot(dash_duo, "person", (1920, 1080))

    dash_duo.find_element("#family-csv").click()
    downloads = Path(dash_duo.download_path)
    csv_file = wait_until(
        lambda: [p for p in downloads.glob("person-*.csv") if p.stat().st_size], message="a downloaded CSV"
    )[0]
    text = csv_file.read_text(encoding="utf-8")
    assert "Priya Shah" in text and "source checked" in text and "does not cover this person" in text

    dash_duo.find_element("#view-network").click()  # services are nodes of the network and the ecomap
    wait_until(lambda: "view=network" in dash_duo.driver.current_url, message="the network view")
    wait_until(lambda: cy(dash_duo, "return cy && cy.nodes('.service').length > 0;"), message="services")
    csc = cy(
        dash_duo, "return cy.nodes('.service').filter(n => n.data('label').includes('Social Care')).id();"
    )
    tap(dash_duo, csc)
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Lead practitioners for this family", timeout=10)
    assert "Mark Lee" in dash_duo.find_element(f"#{DETAILS}").text  # Tyler's closed involvement
    shoot(dash_duo, "service", (1366, 768))

    audit = server.extensions["familynet"].audit
    assert [e.actor for e in audit.entries(action="search")] == ["sam"]
    viewed = [e.detail for e in audit.entries(action="view_person")]
    assert any(people["jaden"] in d for d in viewed)


@pytest.mark.parametrize("graph_engine", ["embedded"], indirect=True)  # the same queries as the walk above
def test_depth_expand_and_png_export(explorer):
    dash_duo, _, people = explorer
    open_family_by_search(dash_duo)
    dash_duo.find_element("#view-network").click()  # expanding is the network view's
    wait_until(lambda: "view=network" in dash_duo.driver.current_url, message="the network view")
    wait_until(lambda: dash_duo.find_element("#family-expand").is_displayed(), message="Expand shown")
    dash_duo.find_elements(".depth-choice input")[0].click()  # depth 1
    wait_until(lambda: "depth=1" in dash_duo.driver.current_url, message="depth in the URL")
    wait_until(lambda: people_on_screen(dash_duo) == 3, message="3 people at depth 1")

    tap(dash_duo, f"p:{people['kelly']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Possible match: Kelly Walsh", timeout=10)
    dash_duo.find_element("#family-expand").click()
    wait_until(lambda: people_on_screen(dash_duo) == 5, message="Dean and Kelly Walsh added")
    dash_duo.wait_for_contains_text(f"#{STATUS}", "2 added", timeout=5)
    label = cy(dash_duo, "return cy.edges('.possible-match').data('label');")
    assert label == SHARED_CHILD_LABEL
    shoot(dash_duo, "expanded", (1920, 1080))

    dash_duo.driver.back()  # browser back: depth 2 again, from the URL, expansions forgotten
    wait_until(lambda: "depth=1" not in dash_duo.driver.current_url, message="back to depth 2")
    assert "view=network" in dash_duo.driver.current_url
    wait_until(
        lambda: dash_duo.driver.execute_script(
            "return document.querySelectorAll('.depth-choice input')[1].checked;"
        ),
        message="depth 2 chosen",
    )
    wait_until(lambda: people_on_screen(dash_duo) == 5, message="5 people at depth 2")

    dash_duo.find_element("#family-export-png").click()
    dash_duo.wait_for_contains_text("#family-export-status", "PNG downloaded", timeout=15)
    files = wait_until(
        lambda: [p for p in Path(dash_duo.download_path).glob("*.png") if p.stat().st_size],
        message="a downloaded PNG",
    )
    assert files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    dash_duo.find_element("#family-export-svg").click()
    dash_duo.wait_for_contains_text("#family-export-status", "SVG downloaded", timeout=15)
    svgs = wait_until(
        lambda: [p for p in Path(dash_duo.download_path).glob("*.svg") if p.stat().st_size],
        message="a downloaded SVG",
    )
    assert b"<svg" in svgs[0].read_bytes()[:500]
