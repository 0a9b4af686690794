"""The ecomap's look: cytoscape styles keyed on classes (services coloured by how fresh their last
contact is), and its legend."""

from __future__ import annotations

from app.explorer.pictures_style import FRESH, HOUSEHOLD_LINE, INK, LABEL
from app.explorer.stylesheet import FOCUS_RING

ECOMAP_STYLESHEET: list[dict] = [
    {"selector": "node", "style": {**LABEL, "font-size": 14, "text-max-width": 120}},
    {
        "selector": ".person",
        "style": {
            "width": 40,
            "height": 40,
            "shape": "ellipse",
            "background-color": "#ffffff",
            "border-width": 2,
            "border-color": INK,
        },
    },
    {
        "selector": ".person.focus",
        "style": {
            "width": 54,
            "height": 54,
            "border-width": 6,
            "border-color": FOCUS_RING,
            "background-color": "#fde2df",
            "font-weight": "bold",
            "font-size": 14,
        },
    },
    {
        "selector": ".household-box",
        "style": {
            "shape": "round-rectangle",
            "background-color": "#f1f5f9",
            "border-width": 1.5,
            "border-color": HOUSEHOLD_LINE,
            "padding": 14,
            "text-valign": "bottom",
            "font-size": 11,
            "text-max-width": 400,
            "color": "#334155",
            "text-margin-y": 3,
        },
    },
    {"selector": ".household.no-address", "style": {"label": "Household"}},
    {
        "selector": ".eco-service",
        "style": {
            "shape": "round-rectangle",
            "width": 46,
            "height": 30,
            "border-width": 3,
            "border-color": INK,
            "background-color": FRESH["unknown"],
        },
    },
    *[{"selector": f".eco-service.fresh-{k}", "style": {"background-color": v}} for k, v in FRESH.items()],
    {
        "selector": ".eco-service.fresh-historic",
        "style": {"background-color": "#e4e7ec", "border-style": "dotted"},
    },
    {"selector": ".eco-service.stale-source", "style": {"border-style": "dashed", "border-color": "#b42318"}},
    {
        "selector": ".sector",
        "style": {
            "width": 1,
            "height": 1,
            "background-opacity": 0,
            "text-valign": "center",
            "font-size": 16,
            "font-weight": "bold",
            "color": "#475467",
            "text-background-opacity": 0,
            "events": "no",
        },
    },
    {
        "selector": "edge",
        "style": {
            "curve-style": "straight",
            "width": 3,
            "line-color": FRESH["unknown"],
            "label": "data(label)",
            "font-size": 12,
            "color": INK,
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.9,
            "text-background-padding": 2,
        },
    },
    *[{"selector": f"edge.fresh-{k}", "style": {"line-color": v}} for k, v in FRESH.items()],
    {"selector": "edge.historic", "style": {"line-style": "dotted", "width": 2, "line-color": "#98a2b3"}},
    {"selector": "edge.member", "style": {"width": 1.5, "opacity": 0.8}},
    {
        "selector": "node:selected",
        "style": {"overlay-color": "#0b5cad", "overlay-opacity": 0.25, "overlay-padding": 8},
    },
]

ECOMAP_LEGEND: list[tuple[str, str]] = [
    ("swatch-focus", "Person opened"),
    ("g-home", "Lives with them now"),
    ("e-recent", "Last contact recent"),
    ("e-ageing", "Ageing"),
    ("e-stale", "Long ago"),
    ("e-unknown", "No contact recorded"),
    ("e-current", "Current involvement"),
    ("e-historic", "Historic (closed)"),
    ("e-stale-source", "Source older than its expected refresh"),
]
