"""The network's look in one place: cytoscape styles keyed on element classes, and the legend.

Styles live here and elements carry only classes (dash-cytoscape diffs elements shallowly, so style
inside elements would not update reliably).
"""

from __future__ import annotations

CHILD = "#f59e0b"
ADULT = "#3b82f6"
FOCUS_RING = "#b42318"
HOUSEHOLD = "#94a3b8"
SERVICE = "#10b981"
FAMILY_EDGE = "#475569"
MATCH_EDGE = "#c2410c"

LAYOUTS: dict[str, dict] = {
    "fcose": {
        "name": "fcose",
        "animate": False,
        "randomize": False,
        "nodeRepulsion": 9000,
        "idealEdgeLength": 110,
        "padding": 30,
    },
    "cose": {"name": "cose", "animate": False, "randomize": False, "padding": 30},
    "concentric": {"name": "concentric", "animate": False, "padding": 30, "minNodeSpacing": 40},
    "breadthfirst": {
        "name": "breadthfirst",
        "animate": False,
        "padding": 30,
        "directed": False,
        "spacingFactor": 1.1,
    },
    "dagre": {"name": "dagre", "animate": False, "padding": 30, "rankDir": "TB"},
}
LAYOUT_LABELS = {
    "fcose": "Organic (fcose)",
    "cose": "Organic (cose)",
    "concentric": "Rings",
    "breadthfirst": "Tree",
    "dagre": "Generations (dagre)",
}
DEFAULT_LAYOUT = "fcose"

STYLESHEET: list[dict] = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 12,
            "text-wrap": "wrap",
            "text-max-width": 120,
            "text-valign": "bottom",
            "text-margin-y": 4,
            "color": "#1b1f24",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "text-background-padding": 2,
        },
    },
    {
        "selector": ".person",
        "style": {"width": 34, "height": 34, "border-width": 2, "border-color": "#ffffff"},
    },
    {"selector": ".adult", "style": {"background-color": ADULT, "shape": "round-rectangle"}},
    {"selector": ".child", "style": {"background-color": CHILD, "shape": "ellipse"}},
    {
        "selector": ".focus",
        "style": {
            "width": 48,
            "height": 48,
            "border-width": 5,
            "border-color": FOCUS_RING,
            "font-weight": "bold",
            "font-size": 14,
        },
    },
    {"selector": ".added", "style": {"border-color": "#7c3aed", "border-width": 3}},
    {
        "selector": ".household",
        "style": {
            "shape": "diamond",
            "background-color": HOUSEHOLD,
            "width": 24,
            "height": 24,
            "font-size": 10,
            "color": "#57606a",
        },
    },
    {"selector": ".household.no-address", "style": {"label": "Home"}},
    {
        "selector": ".service",
        "style": {"shape": "tag", "background-color": SERVICE, "width": 30, "height": 22, "font-size": 11},
    },
    {
        "selector": "node:selected",
        "style": {"overlay-color": "#0b5cad", "overlay-opacity": 0.2, "overlay-padding": 6},
    },
    {
        "selector": "edge",
        "style": {
            "curve-style": "bezier",
            "width": 2,
            "line-color": FAMILY_EDGE,
            "target-arrow-color": FAMILY_EDGE,
            "label": "data(label)",
            "font-size": 10,
            "color": "#334155",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.85,
            "text-background-padding": 1,
        },
    },
    {"selector": ".parent, .carer", "style": {"target-arrow-shape": "triangle"}},
    {"selector": ".carer", "style": {"line-color": "#0e7490", "target-arrow-color": "#0e7490"}},
    {"selector": ".partner", "style": {"line-color": "#be185d", "width": 3}},
    {"selector": ".ex-partner", "style": {"line-color": "#be185d", "line-style": "dotted"}},
    {
        "selector": ".possible-match",
        "style": {
            "line-style": "dashed",
            "line-color": MATCH_EDGE,
            "width": 3,
            "color": MATCH_EDGE,
            "font-weight": "bold",
        },
    },
    {"selector": ".lives", "style": {"line-color": HOUSEHOLD, "width": 1.5, "label": ""}},
    {"selector": ".lives.past", "style": {"line-style": "dotted"}},
    {"selector": ".involved", "style": {"line-color": SERVICE, "width": 1.5, "label": ""}},
    {"selector": ".involved.historic", "style": {"line-style": "dotted", "opacity": 0.7}},
    {"selector": "edge:selected", "style": {"width": 5}},
]

# (swatch css class, words) for the legend; explorer.css draws the swatches in the same colours.
LEGEND: list[tuple[str, str]] = [
    ("swatch-child", "Child"),
    ("swatch-adult", "Adult"),
    ("swatch-focus", "Person opened"),
    ("swatch-household", "Household"),
    ("swatch-service", "Service"),
    ("swatch-family", "Family link (arrow: parent or carer → child)"),
    ("swatch-partner", "Partner (dotted: ex-partner)"),
    ("swatch-match", "Possible match, not merged"),
    ("swatch-past", "Dotted: past address, closed involvement"),
]
