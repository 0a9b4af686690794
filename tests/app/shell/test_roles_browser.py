"""Roles see what they can use (issue 21): the navigation lists only the pages a role may open, each
role starts on its own first page, the demo has an analyst, and the data-quality page reads at
1440 px: stale sources first and marked, refresh with its unit, no strftime codes, no sideways scroll."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import add_user, browser_login, start_server, wait_until
from family_graph import FAMILY, TODAY, family_settings
from screens import save_small

from app import create_app
from graph import open_store
from loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[3]
QUALITY = ROOT / "tests" / "data" / "quality"
pytestmark = pytest.mark.browser


@pytest.fixture
def everyone(tmp_path, dash_duo):
    settings = family_settings(tmp_path)
    store = open_store(settings)
    load_paths(store, [FAMILY, QUALITY], report_dir=tmp_path / "report", today=date.fromisoformat(TODAY))
    server = create_app(settings, store=store)
    for name, role in (("sam", "social_worker"), ("ada", "admin"), ("ann", "analyst")):
        add_user(server, name, role=role, authority="STK")
    start_server(dash_duo, server)
    yield dash_duo
    store.close()


def nav(dash_duo) -> list[str]:
    return [a.text for a in dash_duo.find_elements("#nav a")]


def test_each_role_sees_only_its_pages_and_starts_on_the_first(everyone):
    dash_duo = everyone
    browser_login(dash_duo, "sam")
    assert nav(dash_duo) == ["Find a person"]
    dash_duo.wait_for_element("#search-box")
    dash_duo.driver.get(dash_duo.server_url + "/logout")

    browser_login(dash_duo, "ann")
    wait_until(lambda: dash_duo.driver.current_url.endswith("/analyst"), message="the console")
    assert nav(dash_duo) == ["Analyst console"]
    dash_duo.driver.get(dash_duo.server_url + "/logout")

    browser_login(dash_duo, "ada")  # asks for "/" like everyone: lands on the admin page
    wait_until(lambda: dash_duo.driver.current_url.endswith("/admin"), message="the admin page")
    dash_duo.wait_for_element("#admin-quality", timeout=10)
    assert nav(dash_duo) == ["Admin"] and not dash_duo.find_elements("#access-refused")


def test_the_data_quality_page_at_1440px(everyone):
    dash_duo = everyone
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    browser_login(dash_duo, "ada", path="/admin")
    dash_duo.wait_for_element("#admin-quality .quality-table", timeout=10)
    rows = dash_duo.find_elements("#admin-quality tbody tr")
    stale = [("stale" in r.get_attribute("class").split()) for r in rows]
    assert stale == sorted(stale, reverse=True) and any(stale) and not all(stale)  # stale ones first
    colour = dash_duo.driver.execute_script(
        "return getComputedStyle(document.querySelector('#admin-quality tr.stale td')).backgroundColor"
    )
    assert colour == "rgb(255, 244, 229)"
    text = dash_duo.find_element("#admin-quality").text
    assert "Expected: every 1 day" in text and "Expected: every 7 days" in text
    assert "dd/mm/yyyy" in text and "%" + "d" not in text and "%Y" not in text
    sideways = dash_duo.driver.execute_script(
        "const t = document.querySelector('.quality-scroll');"
        "return [document.documentElement.scrollWidth - document.documentElement.clientWidth,"
        " t.scrollWidth - t.clientWidth];"
    )
    assert sideways == [0, 0]
    save_small(dash_duo.driver, "admin-quality-1440")


def test_make_demo_users_adds_an_analyst_and_a_data_steward(tmp_path):
    env = {**os.environ, "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db", "FAMILYNET_PRODUCTION": ""}
    env["FAMILYNET_SECRET_KEY"] = "test"
    subprocess.run(
        ["make", "-s", "demo-users"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
    )
    listed = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "familynet"), "users", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    roles = dict(line.split("\t")[:2] for line in listed.splitlines() if "\t" in line)
    assert roles.get("demo-analyst") == "analyst" and roles.get("demo-admin") == "admin"
    assert roles.get("demo-steward") == "data_steward"
