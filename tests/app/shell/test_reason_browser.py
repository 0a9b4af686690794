"""The reason form in a real Chromium (issue 21): it names the person being opened, the focus starts in
the case field, and Enter submits it. Screenshot: docs/images/reason-form.png."""

from __future__ import annotations

import pytest
from conftest import add_user, browser_login, start_server
from family_graph import family_settings, load_family, uids
from screens import save_small
from selenium.webdriver.common.keys import Keys

from app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def reasons(tmp_path, dash_duo):
    settings = family_settings(tmp_path)
    store = load_family(settings, tmp_path / "report")
    server = create_app(settings, store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    start_server(dash_duo, server)
    yield dash_duo, server, uids(store)
    store.close()


def test_the_reason_form_names_the_person_starts_in_the_case_field_and_submits_on_enter(reasons):
    dash_duo, server, people = reasons
    browser_login(dash_duo, "sam", path=f"/family/{people['jaden']}")
    dash_duo.wait_for_element("#justify-form", timeout=10)
    assert (
        dash_duo.find_element("#justify-title").text == "Why are you opening the family of Jaden Smith (11)?"
    )
    active = dash_duo.driver.execute_script("return document.activeElement.id")
    assert active == "justify-case"
    dash_duo.driver.switch_to.active_element.send_keys("CIN-2026-0142\n")  # no purpose yet: refused
    dash_duo.wait_for_contains_text("#justify-message", "purpose", timeout=10)
    dash_duo.find_element("#justify-purpose input[type=radio]").click()
    save_small(dash_duo.driver, "reason-form")
    dash_duo.find_element("#justify-case").send_keys(Keys.ENTER)
    dash_duo.wait_for_no_elements("#justify-form", timeout=10)
    dash_duo.wait_for_element("#family-network", timeout=10)
    [entry] = server.extensions["familynet"].audit.entries(action="justification")
    assert (
        entry.details["case_reference"] == "CIN-2026-0142" and entry.details["person_id"] == people["jaden"]
    )
