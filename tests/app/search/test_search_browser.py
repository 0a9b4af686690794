"""Search in a real Chromium (issue 21): best match first then by name, the app's own date format, the
page kept in the URL so Back returns to it, and a note when the list was capped."""

from __future__ import annotations

import pytest
from conftest import add_user, browser_login, start_server, wait_until
from family_graph import family_settings, load_family, uids

from app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def searching(tmp_path, dash_duo):
    rules = tmp_path / "council.toml"
    rules.write_text("[search]\npage_size = 2\n", encoding="utf-8")  # three Smiths: two pages
    settings = family_settings(tmp_path).with_(rules_file=str(rules))
    store = load_family(settings, tmp_path / "report")
    server = create_app(settings, store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    start_server(dash_duo, server)
    yield dash_duo, uids(store)
    store.close()


def names(dash_duo) -> list[str]:
    return [a.text for a in dash_duo.find_elements(".result-link")]


def test_pages_live_in_the_url_so_back_returns_to_the_same_page(searching):
    dash_duo, _ = searching
    browser_login(dash_duo, "sam")
    dash_duo.wait_for_element("#search-box").send_keys("Smith\n")
    dash_duo.wait_for_contains_text("#results-count", "3 found, best match first; page 1 of 2", timeout=10)
    assert names(dash_duo) == ["Jaden Smith", "Kelly Smith"]  # the same score: by name
    dash_duo.find_element(".pager-link").click()  # Next
    dash_duo.wait_for_contains_text("#results-count", "page 2 of 2", timeout=10)

    wait_until(lambda: "page=2" in dash_duo.driver.current_url, message="page 2 in the URL")
    dash_duo.wait_for_contains_text("#results-count", "page 2 of 2", timeout=10)
    assert names(dash_duo) == ["Tyler Smith"]
    dash_duo.find_element(".result-link").click()
    dash_duo.wait_for_element("#justify-form", timeout=10)

    dash_duo.driver.back()
    wait_until(lambda: "page=2" in dash_duo.driver.current_url, message="back to page 2")
    dash_duo.wait_for_contains_text("#results-count", "page 2 of 2", timeout=10)
    assert names(dash_duo) == ["Tyler Smith"]


def test_the_apps_own_date_format_finds_the_child(searching):
    dash_duo, _ = searching
    browser_login(dash_duo, "sam")
    dash_duo.wait_for_element("#search-box").send_keys("2 Mar 2015\n")  # as the app writes dates
    dash_duo.wait_for_contains_text("#search-results", "Jaden Smith", timeout=10)
    assert "DOB exact" in dash_duo.find_element("#search-results").text
