"""Click -> details panel in a real browser (Debian chromium), against a baseline in the same run.

    python -m bench.click_panel --people 10000 --taps 60 --engine embedded --engine neo4j

Generates and loads extracts into a new graph on each engine (bench/engines.py), serves the app on
127.0.0.1, signs in as a social worker, opens families and taps people in the network. Each tap is
timed inside the page, from the cytoscape tap to the moment the details panel shows that person (a
MutationObserver), so the figure is what a worker waits for. The person opened is not tapped: their
panel is open on arrival. Baseline: the same page's cheapest round trip to the server,
``fetch('/healthz')``, timed the same way.
"""

from __future__ import annotations

import logging
import random
import statistics
import tempfile
import threading
from datetime import date
from pathlib import Path

import click
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from app import create_app
from app.explorer.page import DETAILS, NETWORK
from bench.engines import Graphs, engine_options, graphs_for, side_by_side
from graph import open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
PASSWORD = "bench-password-not-secret"
TAP_AND_WAIT = f"""
const [id, name, done] = arguments;
const panel = document.getElementById('{DETAILS}');
const started = performance.now();
let answered = false;
function finish(value) {{ if (!answered) {{ answered = true; seen.disconnect(); done(value); }} }}
const seen = new MutationObserver(() => {{
  const title = panel.querySelector('h2');  // the panel of the person tapped, not a name in another's
  const refused = panel.querySelector('.panel-message');  // a person of another authority: an answer too
  if ((title && title.innerText === name) || refused) {{ finish(performance.now() - started); }}
}});
seen.observe(panel, {{childList: true, subtree: true, characterData: true}});
setTimeout(() => finish(panel.innerText.slice(0, 200)), 10000);  // no answer: say what the panel shows
document.querySelector('#{NETWORK}')._cyreg.cy.getElementById(id).emit('tap');
"""
ROUND_TRIP = """
const done = arguments[0];
const started = performance.now();
fetch('/healthz').then(r => r.text()).then(() => done(performance.now() - started));
"""
PEOPLE_ON_SCREEN = f"""
const cy = document.querySelector('#{NETWORK}')._cyreg.cy;
return cy.nodes('.person').map(n => [n.id(), n.data('label').split('\\n')[0]]);
"""


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1920,1080",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(30)
    return driver


def sign_in(driver: webdriver.Chrome, url: str) -> None:
    driver.get(url + "/login")
    driver.find_element(By.ID, "name").send_keys("bench")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "account-bar")))


def open_family(driver: webdriver.Chrome, url: str, uid: str) -> list[list[str]]:
    driver.get(f"{url}/family/{uid}")
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.find_elements(By.ID, "justify-case") or _network_ready(d))
    form = driver.find_elements(By.ID, "justify-case")
    if form:  # a member of a family opened before needs no reason of its own (one reason per family)
        form[0].send_keys("BENCH-1")
        driver.find_element(By.CSS_SELECTOR, "#justify-purpose input[type=radio]").click()
        driver.find_element(By.CSS_SELECTOR, "#justify-form button").click()
    return wait.until(lambda d: d.execute_script(PEOPLE_ON_SCREEN) if _network_ready(d) else None)


def _network_ready(driver: webdriver.Chrome) -> bool:
    return bool(driver.execute_script(f"return !!document.querySelector('#{NETWORK}')?._cyreg?.cy"))


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(graphs: Graphs, extracts: Path, taps: int, seed: int) -> dict[str, list[float] | int]:
    """Load the extracts into a new graph on one engine, serve the app on it, and time taps."""
    work = graphs.work
    settings = graphs.new("g", audit_url=f"sqlite:///{work}/audit.db", today=TODAY.isoformat())
    store = open_store(settings)
    load_paths(store, [extracts], work / "report", TODAY)
    rows = store.read_only_text(
        "MATCH (p:Person {authority: 'STK'})-[:PARENT_OF|SIBLING_OF]-(:Person) "
        "RETURN DISTINCT p.uid AS uid ORDER BY uid LIMIT 2000"
    ).rows
    families = random.Random(seed).sample([r["uid"] for r in rows], min(20, len(rows)))
    app = create_app(settings, store=store)
    app.extensions["governance"].users.add("bench", PASSWORD, "social_worker", "STK", False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    driver = browser()
    clicks: list[float] = []
    round_trips: list[float] = []
    missed: list[str] = []
    try:
        sign_in(driver, url)
        per_family = max(1, taps // len(families))
        for uid in families:
            shown = open_family(driver, url, uid)
            names = [name for _, name in shown]
            # people of the focus's family other than the focus (whose panel is open on arrival),
            # each once; a name shown twice is skipped (the panel could not tell which it shows)
            others = [n for n in shown if n[0] != f"p:{uid}" and names.count(n[1]) == 1]
            for node_id, name in others[:per_family]:
                took = driver.execute_async_script(TAP_AND_WAIT, node_id, name)
                if isinstance(took, str):  # no panel for that person within 10 s: counted, not timed
                    missed.append(f"{name}: {took!r}")
                    continue
                clicks.append(took)
                round_trips.append(driver.execute_async_script(ROUND_TRIP))
    finally:
        driver.quit()
        server.shutdown()
        store.close()
    for line in missed:
        click.echo(f"no panel within 10 s: {line}", err=True)
    return {"clicks": clicks, "round_trips": round_trips, "families": len(families)}


@click.command()
@click.option("--people", "sizes", multiple=True, type=int, default=[10000], show_default=True)
@click.option("--taps", default=60, show_default=True)
@click.option("--seed", default=7, show_default=True)
@engine_options
def main(sizes: tuple[int, ...], taps: int, seed: int, engines: tuple[str, ...], neo4j_url: str) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    for people in sizes:
        with tempfile.TemporaryDirectory(prefix="familynet-click-") as tmp:
            work = Path(tmp)
            generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
            measured = {
                g.engine: measure(g, work / "extracts", taps, seed)
                for g in graphs_for(engines, work, neo4j_url)
            }
        rows = []
        shown = (("baseline fetch('/healthz')", "round_trips"), ("tap -> panel shows person", "clicks"))
        for label, key in shown:
            for q in (50, 95):
                rows.append(
                    (f"{label} p{q}", {e: f"{quantile(m[key], q):.1f} ms" for e, m in measured.items()})
                )
        for q in (50, 95):
            ratios = {
                e: quantile(m["clicks"], q) / quantile(m["round_trips"], q) for e, m in measured.items()
            }
            rows.append((f"ratio to baseline p{q}", {e: f"{r:.1f} x" for e, r in ratios.items()}))
        rows.append(
            ("taps (families)", {e: f"{len(m['clicks'])} ({m['families']})" for e, m in measured.items()})
        )
        side_by_side(f"click -> details panel, {people:,} people", rows, list(measured))
        click.echo("target: click -> panel p95 <= 300 ms")


if __name__ == "__main__":
    main()
