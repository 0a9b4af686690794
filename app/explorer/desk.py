"""What the desk shows when a family opens: the picture of the chosen view, and the panel of the person
opened, already open, so the first thing a worker sees is who is involved and how to reach them.

Everything here is read through the person-view service (app/people/view.py): the family (disclosed),
its links, and the person panel (whose services are audited as ``view_service`` before they are sent).
"""

from __future__ import annotations

from typing import Any

from dash import html

from app.explorer import panels
from app.explorer.ecomap import to_ecomap_elements
from app.explorer.elements import count_nodes, to_cytoscape_elements
from app.explorer.genogram import current_homes, to_genogram_elements
from app.explorer.listview import listing
from app.people.family import Family
from app.people.view import PersonView
from app.people.wording import name_of
from graph import NotFound


def elements_for(view_key: str, view: PersonView, family: Family) -> list[dict[str, Any]]:
    """The cytoscape elements of a view ("list" keeps the network's, for what a panel reads)."""
    settings = view.services.settings
    if view_key == "genogram":
        return to_genogram_elements(family, view.family_links(family), view.today)
    if view_key == "ecomap":
        return to_ecomap_elements(family, view.today, settings.fresh_days, settings.ageing_days)
    return to_cytoscape_elements(family, view.today)


def people_shown(view_key: str, family: Family, elements: list[dict[str, Any]]) -> int:
    return len(family.people) if view_key == "list" else count_nodes(elements, "person")


def arrival(view: PersonView, family: Family, uid: str) -> html.Div:
    """The person panel of the person opened, its services audited as shown."""
    summary = view.person(uid)
    if summary is None:
        raise NotFound("This person is no longer in the graph.", "Person not found")
    view.services_shown(uid, summary)
    homes = current_homes(family)
    names = {r["person"]["uid"]: name_of(r["person"]) for r in family.people}
    mine = homes.get(uid)
    lives_with = sorted(
        ((u, names[u]) for u, h in homes.items() if mine and h == mine and u != uid), key=lambda p: p[1]
    )
    return panels.person_panel(summary, lives_with)


def list_for(view_key: str, view: PersonView, family: Family) -> html.Div | None:
    if view_key != "list":
        return None
    settings = view.services.settings
    return listing(family, view.today, settings.fresh_days, settings.ageing_days)
