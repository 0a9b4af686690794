"""The desk's ways of showing a family: genogram (the default), ecomap, network, and a list.

Each view is chosen in the URL (``?view=ecomap``) and says how it looks (stylesheet, layout, legend)
and what its keys do; app/pages.py builds its elements.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.explorer.ecomap_style import ECOMAP_LEGEND, ECOMAP_STYLESHEET
from app.explorer.genogram_style import GENOGRAM_LEGEND, GENOGRAM_STYLESHEET
from app.explorer.pictures_style import PRESET
from app.explorer.stylesheet import DEFAULT_LAYOUT, LAYOUTS, LEGEND, STYLESHEET

KEYS = "← → ↑ ↓ move between people and services · Enter opens · Esc leaves the picture"


@dataclass(frozen=True)
class View:
    key: str
    label: str
    stylesheet: list[dict]
    layout: dict
    legend: list[tuple[str, str]]
    hint: str
    picture: bool = True  # drawn with cytoscape (and so exportable)


VIEWS: dict[str, View] = {
    "genogram": View(
        "genogram",
        "Genogram",
        GENOGRAM_STYLESHEET,
        PRESET,
        GENOGRAM_LEGEND,
        "Generations in rows; boxes hold the people who live together now. " + KEYS,
    ),
    "ecomap": View(
        "ecomap",
        "Ecomap",
        ECOMAP_STYLESHEET,
        PRESET,
        ECOMAP_LEGEND,
        "The services around the child's household, by kind; colour: how recent the last contact is. " + KEYS,
    ),
    "network": View(
        "network",
        "Network",
        STYLESHEET,
        LAYOUTS[DEFAULT_LAYOUT],
        LEGEND,
        "Everyone within the chosen depth, with homes and services. " + KEYS,
    ),
    "list": View(
        "list",
        "List",
        STYLESHEET,
        LAYOUTS[DEFAULT_LAYOUT],
        [],
        "Everyone in the family and every service, as a list: Tab to a name and press Enter to open it.",
        picture=False,
    ),
}
