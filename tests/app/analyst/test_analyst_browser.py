"""The analyst console in a real browser: load a saved query, run it with Ctrl+Enter, see the table,
the graph and the CSV; a write is refused on the page. Screenshots go to artifacts/analyst-*.png."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from analyst_graph import TODAY, build_sample_graph
from conftest import add_user, browser_login, start_server, wait_until
from selenium.webdriver.common.keys import Keys

from app import create_app
from app.analyst import page as analyst
from familynet import Settings
from governance.audit import AuditLog
from graph import open_store

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture
def console(tmp_path, dash_duo):
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/audit.db",
        today=TODAY.isoformat(),
    )
    store = open_store(settings)
    build_sample_graph(store)
    server = create_app(settings, store=store)
    add_user(server, "ana", role="analyst", authority="STK")
    start_server(dash_duo, server)  # the first page is /login
    browser_login(dash_duo, "ana", path=analyst.PATH)
    dash_duo.driver.set_window_size(1400, 1300)
    yield dash_duo, settings
    store.close()


def graph_counts(dash_duo) -> tuple[int, int]:
    return tuple(
        dash_duo.driver.execute_script(
            f"const cy = document.querySelector('#{analyst.GRAPH}')._cyreg.cy;"
            "return [cy.nodes().length, cy.edges().length];"
        )
    )


def shoot(dash_duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / f"analyst-{name}.png"))


def test_a_saved_query_runs_and_shows_table_and_graph(console) -> None:
    dash_duo, settings = console
    dash_duo.wait_for_text_to_equal(
        "#" + analyst.EDITOR, "", timeout=10
    )  # the console is open (not refused) and the editor is empty
    intro = dash_duo.find_element(".analyst-intro").text  # what the analyst queries (issue 16 item 6)
    assert "You query your authority's projection" in intro and "granted contact details" in intro
    shoot(dash_duo, "scope")
    saved = '[id*="list_possible_matches_awaiting_review"]'
    dash_duo.wait_for_element(saved).click()
    wait_until(
        lambda: "POSSIBLE_MATCH" in dash_duo.find_element("#" + analyst.EDITOR).get_attribute("value"),
        message="the saved query in the editor",
        timeout=15,
    )
    assert '"min_score": 0.0' in dash_duo.find_element("#" + analyst.PARAMS).get_attribute("value")

    dash_duo.find_element("#" + analyst.EDITOR).send_keys(Keys.CONTROL, Keys.ENTER)  # runs it
    dash_duo.wait_for_contains_text("#" + analyst.STATUS, "1 row", timeout=15)
    cells = wait_until(
        lambda: [c.text for c in dash_duo.find_elements(f"#{analyst.GRID} .ag-cell")],
        message="table cells",
        timeout=15,
    )
    assert "Amy Cole" in cells and "Aimee Cole" in cells and "0.82" in cells
    headers = [h.text for h in dash_duo.find_elements(f"#{analyst.GRID} .ag-header-cell-text")]
    assert headers[:3] == ["person", "match", "candidate"]
    assert wait_until(
        lambda: graph_counts(dash_duo) == (2, 1), message="the 2 people and their link", timeout=15
    )
    assert dash_duo.find_element("#" + analyst.GRAPH_BOX).is_displayed()
    dash_duo.driver.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView(false)", analyst.GRAPH
    )
    shoot(dash_duo, "saved-query")

    dash_duo.find_element("#" + analyst.CSV_BUTTON).click()
    download = Path(dash_duo.download_path) / "familynet-query.csv"
    wait_until(download.exists, message="the CSV download", timeout=15)
    rows = list(csv.DictReader(io.StringIO(download.read_text(encoding="utf-8"))))
    assert rows[0]["person_name"] == "Amy Cole" and rows[0]["person"] == "(:Person Amy Cole)"

    entries = AuditLog(settings.audit_url).entries(action="analyst_query")
    assert entries[-1].actor == "ana" and '"outcome":"ok"' in entries[-1].detail


def test_a_write_is_refused_on_the_page_with_the_engine_message(console) -> None:
    dash_duo, _ = console
    editor = dash_duo.wait_for_element("#" + analyst.EDITOR)
    editor.send_keys("MATCH (p:Person {uid: 'amy'})\nSET p.given_name = 'X'")
    dash_duo.find_element("#" + analyst.RUN).click()
    dash_duo.wait_for_contains_text("#" + analyst.ERROR, "only read queries may run here", timeout=15)
    assert "Traceback" not in dash_duo.find_element("body").text
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys("MATCH (p:Person)\nRETURN p.uid +")
    dash_duo.find_element("#" + analyst.RUN).click()
    dash_duo.wait_for_contains_text("#" + analyst.ERROR, "(line 2, column 15)", timeout=15)
    assert dash_duo.find_element(".error-excerpt").text.endswith("^")
    shoot(dash_duo, "error")
