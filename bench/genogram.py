"""Family opens -> genogram drawn, in a real browser (Debian chromium), against a baseline in the same run.

    python -m bench.genogram --families 20

Generates 20 extended families of 40 people (``familynet generate --large-families``) among a small
population, loads them into a temporary embedded graph, serves the app on 127.0.0.1 and signs in as a
social worker. For each family it opens the child at depth 3, and times inside the page from the
click that gives the reason (the family opening) to the first frame painted after cytoscape holds all
40 people (two animation frames later), so the figure is what a worker waits for. Baseline: the same
page's cheapest round trip to the server, ``fetch('/healthz')``, timed the same way. It also prints
the server's own share: building the genogram's elements and positions (generations.py) in Python.
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import click
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from app import create_app
from app.explorer.genogram import to_genogram_elements
from app.explorer.page import NETWORK
from app.people.family import Family
from bench.click_panel import PASSWORD, ROUND_TRIP, browser, quantile, sign_in
from familynet import Settings
from graph import open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
FIND_FOCUS = (  # children with many brothers and sisters: the generated extended families' children
    "MATCH (p:Person)-[:SIBLING_OF]-(q:Person) WITH p, count(DISTINCT q) AS n WHERE n >= 8 "
    "RETURN p.uid AS uid ORDER BY p.dob DESC, uid"
)

OPEN_AND_WAIT = f"""
const [done] = arguments;
const started = performance.now();
document.querySelector('#justify-form button').click();
function drawn() {{
  const box = document.getElementById('{NETWORK}');
  const cy = box && box._cyreg && box._cyreg.cy;
  if (cy && cy.nodes('.person').length >= 40) {{
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
  }} else {{
    requestAnimationFrame(drawn);
  }}
}}
requestAnimationFrame(drawn);
"""


def focus_children(store, families: int) -> list[str]:  # noqa: ANN001
    """One child per generated extended family whose depth-3 family holds all its 40 people."""
    chosen, seen = [], set()
    for row in store.read_only_text(FIND_FOCUS).rows:
        people = {r["person"]["uid"] for r in store.read("get_family_network", uid=row["uid"], depth=3)}
        if len(people) >= 40 and not people & seen:
            chosen.append(row["uid"])
            seen |= people
        if len(chosen) == families:
            break
    return chosen


@click.command()
@click.option("--families", default=20, show_default=True)
@click.option("--people", default=500, show_default=True, help="the rest of the population")
@click.option("--seed", default=7, show_default=True)
def main(families: int, people: int, seed: int) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="familynet-genogram-") as tmp:
        work = Path(tmp)
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY, large_families=families)
        settings = Settings(
            graph_url=f"embedded://{work}/g.db",
            audit_url=f"sqlite:///{work}/audit.db",
            today=TODAY.isoformat(),
        )
        store = open_store(settings)
        load_paths(store, [work / "extracts"], work / "report", TODAY)
        children = focus_children(store, families)
        layout_ms = []
        for uid in children:
            rows = store.read("get_family_network", uid=uid, depth=3)
            family = Family(uid, rows)
            links = store.read("list_family_links", uids=family.uids())
            started = time.perf_counter()
            to_genogram_elements(family, links, TODAY)
            layout_ms.append((time.perf_counter() - started) * 1000)
        app = create_app(settings, store=store)
        app.extensions["governance"].users.add("bench", PASSWORD, "social_worker", "STK", False)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        driver = browser()
        driver.set_window_size(1366, 768)
        opened: list[float] = []
        round_trips: list[float] = []
        try:
            sign_in(driver, url)
            for uid in children:
                driver.get(f"{url}/family/{uid}?depth=3")
                wait = WebDriverWait(driver, 20)
                wait.until(
                    expected_conditions.presence_of_element_located((By.ID, "justify-case"))
                ).send_keys("BENCH-1")
                driver.find_element(By.CSS_SELECTOR, "#justify-purpose input[type=radio]").click()
                opened.append(driver.execute_async_script(OPEN_AND_WAIT))
                round_trips.append(driver.execute_async_script(ROUND_TRIP))
        finally:
            driver.quit()
            server.shutdown()
            store.close()
    base50, base95 = quantile(round_trips, 50), quantile(round_trips, 95)
    p50, p95 = quantile(opened, 50), quantile(opened, 95)
    click.echo(
        f"\n== family opens -> genogram drawn, {len(opened)} families of 40 people, depth 3, 1366x768 =="
    )
    click.echo(f"baseline fetch('/healthz')      p50 {base50:7.1f} ms   p95 {base95:7.1f} ms")
    click.echo(f"reason given -> genogram drawn  p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    click.echo(f"ratio to baseline               p50 {p50 / base50:7.1f} x    p95 {p95 / base95:7.1f} x")
    click.echo(
        f"server: elements and positions  p50 {statistics.median(layout_ms):7.1f} ms   "
        f"max {max(layout_ms):7.1f} ms (pure Python, generations.py)"
    )
    click.echo("target: genogram drawn p95 <= 1000 ms after the family opens")


if __name__ == "__main__":
    main()
