"""The register, purpose limitation, shields, decisions not to share and retention in a real browser,
on the governed family. Screenshots: artifacts/governance-*.png (each looked at when written)."""

from __future__ import annotations

import time

import pytest
from conftest import add_user, browser_login, start_server, wait_until
from desk import ARTIFACTS, cy, open_flag, tap
from governed_graph import EARLY_HELP, REFUGE, governed_settings, household_uid, load_governed, person_uid

from app import create_app
from app.explorer.page import DETAILS, NETWORK

pytestmark = pytest.mark.browser


@pytest.fixture
def governed_browser(tmp_path, dash_duo):
    settings = governed_settings(tmp_path)
    store = load_governed(settings, tmp_path / "report")
    server = create_app(settings, store=store)
    for name, role in (("sam", "social_worker"), ("pat", "social_worker"), ("ada", "admin")):
        add_user(server, name, role=role, authority="STK")
    start_server(dash_duo, server)
    ids = {name: person_uid(store, name.title()) for name in ("mia", "leah", "ryan")}
    ids["refuge"] = household_uid(store, "27 Quarry")
    yield dash_duo, server, ids
    store.close()


def shoot(dash_duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.set_window_size(1366, 900)
    time.sleep(0.8)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / f"governance-{name}.png"))


def open_family(dash_duo, name: str, uid: str, purpose: str | None = None) -> None:
    browser_login(dash_duo, name, path=f"/family/{uid}")
    dash_duo.wait_for_element("#justify-case").send_keys("CP-2026-0042")
    radio = f"#justify-purpose input[value='{purpose}']" if purpose else "#justify-purpose input[type=radio]"
    dash_duo.find_element(radio).click()
    dash_duo.find_element("#justify-form button").click()
    dash_duo.wait_for_element(f"#{NETWORK}", timeout=10)
    wait_until(lambda: cy(dash_duo, "return cy && cy.nodes().length > 0;"), message="the network")


def sign_out(dash_duo) -> None:
    dash_duo.driver.delete_all_cookies()


def test_an_early_help_reason_shows_the_police_as_not_shared_for_this_purpose(governed_browser):
    dash_duo, _, ids = governed_browser
    open_family(dash_duo, "sam", ids["ryan"], EARLY_HELP)
    assert (
        cy(dash_duo, "return cy.nodes('.service').map(n => n.data('label'));").count(
            "Stockport Public Protection"
        )
        == 0
    )
    tap(dash_duo, f"p:{ids['ryan']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "withheld: not shared for this purpose", timeout=10)
    assert "DC Sam Hughes" not in dash_duo.driver.page_source
    shoot(dash_duo, "purpose-withheld")


def test_a_shielded_mother_is_opened_only_after_a_confirmation_and_her_address_never_shows(governed_browser):
    dash_duo, server, ids = governed_browser
    open_family(dash_duo, "sam", ids["mia"])
    label = cy(dash_duo, "return cy.getElementById(arguments[0]).data('label');", f"h:{ids['refuge']}")
    assert label == "address withheld"
    tap(dash_duo, f"p:{ids['leah']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Shielded person", timeout=10)
    shoot(dash_duo, "shield-confirm")
    dash_duo.find_element(f"#{DETAILS} .shield-confirm button").click()
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Confirmed and recorded", timeout=10)
    tap(dash_duo, f"p:{ids['mia']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Mia Clarke", timeout=10)
    tap(dash_duo, f"p:{ids['leah']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Leah Clarke", timeout=10)
    text = dash_duo.find_element(f"#{DETAILS}").text
    assert "address withheld" in text and "withheld: it could show where a shielded person lives" in text
    shoot(dash_duo, "shielded-panel")
    for value in REFUGE:
        assert value.lower() not in dash_duo.driver.page_source.lower()
    [entry] = server.extensions["familynet"].audit.entries(action="shield_confirmed")
    assert entry.actor == "sam" and entry.details["person"] == ids["leah"]


def test_the_admin_page_highlights_an_overdue_review_and_shields_an_address(governed_browser):
    dash_duo, server, _ = governed_browser
    browser_login(dash_duo, "ada", path="/admin")
    dash_duo.wait_for_element("#admin-register", timeout=10)
    register = dash_duo.find_element("#admin-register").text
    assert "Review overdue: Stockport health (GP and school nursing)." in register
    assert "2026-10-31 (OVERDUE)" in register and "6 years" in register and "ISA-GMP-STK-2026-03" in register
    overdue = dash_duo.find_element("#admin-register tr.review-overdue td.overdue")
    assert overdue.value_of_css_property("color") != dash_duo.find_element(
        "#admin-register td"
    ).value_of_css_property("color")
    dash_duo.driver.execute_script("document.getElementById('admin-register').scrollIntoView();")
    shoot(dash_duo, "register")
    dash_duo.find_element("#shield-who").send_keys("CSC-2003")
    dash_duo.find_element("#shield-what input[value='address']").click()
    dash_duo.select_dcc_dropdown("#shield-reason", value="court order")
    dash_duo.find_element("#shield-review").send_keys("2027-03-01")
    dash_duo.find_element("#shield-submit").click()
    dash_duo.wait_for_contains_text("#shield-status", "Shielded (address)", timeout=10)
    listed = dash_duo.find_element("#shield-list").text
    assert "court order" in listed and "domestic abuse (refuge)" in listed and "9 Mill Street" not in listed
    dash_duo.driver.execute_script("document.getElementById('admin-shields').scrollIntoView();")
    shoot(dash_duo, "admin-shields")
    [entry] = server.extensions["familynet"].audit.entries(action="shield_set")
    assert entry.details["kind"] == "address" and "Mill" not in str(entry.details)


def test_a_decision_not_to_share_is_recorded_on_screen_and_another_worker_sees_only_that(governed_browser):
    dash_duo, _, ids = governed_browser
    open_family(dash_duo, "sam", ids["ryan"])
    tap(dash_duo, f"p:{ids['ryan']}")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Records found", timeout=10)
    open_flag(dash_duo, "Stockport Homes tenancies")  # retention: the 2012 warning is gone
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Anti-social behaviour: injunction", timeout=10)
    assert "warning" not in dash_duo.find_element(f"#{DETAILS}").text.lower()
    shoot(dash_duo, "retention-housing")
    open_flag(dash_duo, "GMP Stockport Public Protection")
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "DC Sam Hughes", timeout=10)
    police = "//li[contains(@class, 'flag')][.//span[starts-with(., 'GMP Stockport')]]"
    dash_duo.driver.find_element("xpath", f"{police}//details/summary").click()
    dash_duo.driver.find_element("xpath", f"{police}//textarea").send_keys(
        "Sharing the investigation now would tip off the father"
    )
    dash_duo.driver.find_element("xpath", f"{police}//details//input[@type='text']").send_keys("2027-05-01")
    dash_duo.driver.find_element("xpath", f"{police}//details//button").click()
    dash_duo.wait_for_contains_text(f"#{DETAILS}", "Recorded: withheld from everyone else", timeout=10)
    shoot(dash_duo, "withhold-recorded")
    sign_out(dash_duo)
    open_family(dash_duo, "pat", ids["ryan"])
    tap(dash_duo, f"p:{ids['ryan']}")
    dash_duo.wait_for_contains_text(
        f"#{DETAILS}", "a recorded decision that sharing would be more", timeout=10
    )
    assert "DC Sam Hughes" not in dash_duo.driver.page_source and "tip off" not in dash_duo.driver.page_source
    shoot(dash_duo, "withheld-for-others")
