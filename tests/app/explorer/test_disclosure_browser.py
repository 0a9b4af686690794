"""Flags and details in a real browser: the person panel shows who to call for each service it lists
(each such service audited as it is sent, issue 21), and a source's reasons and facts are not in the
page until the worker opens that source, each opening audited. Screenshots: artifacts/disclosure-*.png."""

from __future__ import annotations

import pytest
from desk import ARTIFACTS, open_flag, tap
from test_explorer_browser import explorer, open_family_by_search  # noqa: F401 - explorer is a fixture

from app.explorer.page import DETAILS

pytestmark = pytest.mark.browser


def test_service_details_reach_the_browser_only_when_opened(explorer):  # noqa: F811
    dash_duo, server, people = explorer
    open_family_by_search(dash_duo)
    tap(dash_duo, f"p:{people['tyler']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Tyler Smith", timeout=10)
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Grace Okafor", timeout=10)  # who to call: shown
    before = dash_duo.driver.page_source
    assert "School attendance" not in before  # Early Help's reason for Tyler: a fact, not yet opened
    assert "Open details" in dash_duo.find_element(f"#{DETAILS}").text
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / "disclosure-flags.png"))
    audit = server.extensions["familynet"].audit
    tyler = [
        e.details for e in audit.entries(action="view_service") if e.details["person"] == people["tyler"]
    ]
    assert ("manchester-early-help", people["jaden"]) in [(d["source"], d["reason_given_for"]) for d in tyler]

    open_flag(dash_duo, "Manchester Early Help")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Reason: School attendance", timeout=10)
    after = dash_duo.find_element(f"#{DETAILS}").text
    assert "0161 234 5678" in after and "South Manchester Locality" in after
    body = dash_duo.find_element(".flag-body")  # the opened source: facts, links and where it came from
    assert body.find_element("css selector", ".provenance").text.startswith("from Manchester Early Help")
    links = {a.get_attribute("href") for a in body.find_elements("css selector", "a")}
    assert {"tel:01612345678", "mailto:grace.okafor@manchester.gov.uk"} <= links
    dash_duo.driver.save_screenshot(str(ARTIFACTS / "disclosure-opened.png"))
    entry = audit.entries(action="view_service")[-1]
    assert (entry.details["person"], entry.details["source"]) == (people["tyler"], "manchester-early-help")
    assert entry.details["reason_given_for"] == people["jaden"]  # the family's reason it was opened under
