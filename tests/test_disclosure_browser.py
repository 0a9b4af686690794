"""Flags and details, kept apart, in a real browser: a service's contact details are not in the page
until the worker opens that service, and each opening is audited. Screenshots: artifacts/disclosure-*.png."""

from __future__ import annotations

import pytest
from test_explorer_browser import ARTIFACTS, explorer, open_family_by_search, open_flag, tap  # noqa: F401

from app.explorer.page import DETAILS

pytestmark = pytest.mark.browser


def test_service_details_reach_the_browser_only_when_opened(explorer):  # noqa: F811
    dash_duo, server, people = explorer
    open_family_by_search(dash_duo)
    tap(dash_duo, f"p:{people['jaden']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Stockport CSC: current", timeout=10)
    before = dash_duo.driver.page_source
    assert "Priya Shah" not in before and "0161 474 1234" not in before and "priya.shah" not in before
    assert "Open details" in dash_duo.find_element(f"#{DETAILS}").text
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / "disclosure-flags.png"))
    audit = server.extensions["familynet"].audit
    assert audit.entries(action="view_service") == []

    open_flag(dash_duo, "Stockport CSC")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Priya Shah", timeout=10)
    after = dash_duo.find_element(f"#{DETAILS}").text
    assert "0161 474 1234" in after and "Child in Need Team 2" in after
    assert "Ruth Evans" not in dash_duo.driver.page_source  # the school nurse: that service is not opened
    dash_duo.driver.save_screenshot(str(ARTIFACTS / "disclosure-opened.png"))
    [entry] = audit.entries(action="view_service")
    assert (entry.details["person"], entry.details["source"]) == (people["jaden"], "stockport-csc")
    assert entry.details["reason_given_for"] == people["jaden"]  # the reason it was opened under
