"""The possible matches page in a real browser: a data steward opens the one pair of the agencies'
extracts, sees the two records side by side and the waterfall, and decides "not the same person"
with a reason; the queue empties. Screenshots: artifacts/matches-*.png and docs/images/matches-review.png."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import add_user, browser_login, start_server, wait_until

from app import create_app
from app.matches import page as matches
from familynet import Settings
from graph import open_store
from loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "artifacts"
AGENCIES = Path(__file__).parents[2] / "data" / "agencies"
TODAY = date(2026, 11, 25)
pytestmark = pytest.mark.browser


@pytest.fixture
def review(tmp_path, dash_duo):
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/audit.db",
        today=TODAY.isoformat(),
    )
    store = open_store(settings)
    load_paths(store, [AGENCIES], tmp_path / "report", TODAY)
    server = create_app(settings, store=store)
    add_user(server, "steph", role="data_steward", authority="STK")
    start_server(dash_duo, server)
    browser_login(dash_duo, "steph", path=matches.PATH)
    dash_duo.driver.set_window_size(1400, 1400)
    yield dash_duo, server
    store.close()


def shoot(dash_duo, name: str) -> Path:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"matches-{name}.png"
    dash_duo.driver.save_screenshot(str(path))
    return path


def test_a_steward_reviews_a_pair_and_decides_not_the_same_person(review) -> None:
    dash_duo, server = review
    entry = dash_duo.wait_for_element(".matches-pair", timeout=15)
    assert not dash_duo.find_element("#" + matches.FORM).is_displayed()  # no pair chosen: no buttons
    assert "Lilly" in entry.text and "Lily" in entry.text
    assert dash_duo.find_element("nav a[href='/matches']").text == "Possible matches"
    entry.click()
    dash_duo.wait_for_element("#matches-pair-detail", timeout=15)
    differing = [r.text for r in dash_duo.find_elements(".matches-compare tr.differs")]
    assert any(r.startswith("Given name") for r in differing), differing
    assert not any(r.startswith("Date of birth") for r in differing), differing  # the same date
    one_side = [r.text for r in dash_duo.find_elements(".matches-compare tr.one-side")]
    assert any(r.startswith("Address") for r in one_side), one_side  # health holds no address: no evidence
    bars = wait_until(
        lambda: (
            dash_duo.find_elements("#match-waterfall .waterfall .point path")
            or dash_duo.find_elements("#match-waterfall g.point")
        ),
        message="waterfall bars",
        timeout=15,
    )
    assert len(bars) >= 4  # the prior, the comparisons with values, the match weight
    assert "towards the same person" in dash_duo.find_element(".waterfall-steps").text
    shoot(dash_duo, "review")
    (ROOT / "docs" / "images").mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(ROOT / "docs" / "images" / "matches-review.png"))

    dash_duo.find_element("#" + matches.REASON).send_keys("two girls: different mothers in the records")
    dash_duo.find_element("#matches-different").click()
    dash_duo.wait_for_contains_text("#" + matches.MESSAGE, "not the same person", timeout=15)
    dash_duo.wait_for_element("#matches-empty", timeout=15)  # the queue updated
    wait_until(lambda: not dash_duo.find_element("#" + matches.FORM).is_displayed(), message="form hidden")
    shoot(dash_duo, "decided")
    [entry] = server.extensions["familynet"].audit.entries(action="match_decision")
    assert (entry.actor, entry.details["decision"]) == ("steph", "different")
