"""In a real Chromium: sign in, give a reason, open a family; the admin's audit page shows that view.

Also proves the Content-Security-Policy (scripts by hash only) lets Dash render and run callbacks:
the browser logs no CSP violation and the pages' callbacks answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add_user, browser_give_reason, browser_login, start_server
from family_graph import family_settings, load_family, uid_of

from app import create_app

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"


@pytest.fixture
def family_app(tmp_path):
    settings = family_settings(tmp_path)
    store = load_family(settings, tmp_path / "reports")
    server = create_app(settings, store=store)
    add_user(server, "sam", role="social_worker", authority="STK")
    add_user(server, "boss", role="admin", authority="STK")
    yield server, uid_of(store, "Jaden", "Smith")
    store.close()


def shot(dash_duo, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(ARTIFACTS / f"security-{name}.png"))


@pytest.mark.browser
def test_sign_in_give_a_reason_open_a_family_and_the_audit_page_shows_it(dash_duo, family_app):
    server, jaden = family_app
    start_server(dash_duo, server)

    dash_duo.driver.get(dash_duo.server_url + f"/family/{jaden}")  # anonymous: sent to sign in
    dash_duo.wait_for_element("#login-form")
    assert "/login?next=/family/" in dash_duo.driver.current_url
    shot(dash_duo, "1-login")

    browser_login(dash_duo, "sam", path=f"/family/{jaden}")
    dash_duo.wait_for_element("#justify-form")
    assert "sam · social worker · STK" in dash_duo.find_element("#account-bar").text
    shot(dash_duo, "2-reason")
    browser_give_reason(dash_duo, "CIN-2026-0142")
    dash_duo.wait_for_element("#family-network", timeout=15)  # the explorer's network, after the reason
    shot(dash_duo, "3-family")

    dash_duo.driver.get(dash_duo.server_url + "/logout")
    dash_duo.wait_for_element("#login-form")
    browser_login(dash_duo, "boss", path="/admin")
    dash_duo.wait_for_text_to_equal("#admin-audit-table tr.audit-view_family td:nth-child(3)", "sam")
    row = dash_duo.find_element("#admin-audit-table tr.audit-view_family").text
    assert jaden in row and "CIN-2026-0142" in row
    assert "Audit chain intact" in dash_duo.find_element("#admin-chain-status").text
    dash_duo.select_dcc_dropdown("#admin-audit-action", value="justification")  # a callback under the CSP
    dash_duo.wait_for_no_elements("#admin-audit-table tr.audit-view_family")  # the filter answered
    assert dash_duo.find_elements("#admin-audit-table tr.audit-justification")
    shot(dash_duo, "4-audit")

    problems = [entry for entry in dash_duo.get_logs() or [] if "Content Security Policy" in entry["message"]]
    assert problems == []
