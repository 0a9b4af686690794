"""Driving the desk's network in a real browser: cytoscape calls, taps, a source's "Open details"."""

from __future__ import annotations

from pathlib import Path

from app.explorer.page import NETWORK

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def cy(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(
        f"const cy = document.querySelector('#{NETWORK}')._cyreg.cy; {script}", *args
    )


def tap(dash_duo, element_id: str) -> None:
    cy(dash_duo, "cy.getElementById(arguments[0]).emit('tap');", element_id)


def open_flag(dash_duo, source_name: str) -> None:
    """Click "Open details" on the flag of the named source in the person panel."""
    xpath = (
        f"//li[contains(@class, 'flag')][.//span[@class='flag-text' and starts-with(., "
        f"'{source_name}:')]]//button[contains(@class, 'flag-open')]"
    )
    dash_duo.driver.find_element("xpath", xpath).click()
