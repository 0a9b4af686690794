"""The genogram's look: cytoscape styles keyed on classes, and its legend.

Symbols follow the usual genogram conventions; line styles tell the kinds of link apart without
colour alone, so a black-and-white print still reads.
"""

from __future__ import annotations

from app.explorer.pictures_style import CARER, HOUSEHOLD_LINE, INK, LABEL, STEP
from app.explorer.stylesheet import FOCUS_RING, MATCH_EDGE

GENOGRAM_STYLESHEET: list[dict] = [
    {"selector": "node", "style": LABEL},
    {
        "selector": ".person",
        "style": {
            "width": 34,
            "height": 34,
            "background-color": "#ffffff",
            "border-width": 2,
            "border-color": INK,
            "shape": "diamond",
        },
    },
    {"selector": ".person.male", "style": {"shape": "rectangle"}},
    {"selector": ".person.female", "style": {"shape": "ellipse"}},
    {"selector": ".person.unborn", "style": {"shape": "triangle", "width": 26, "height": 24}},
    {"selector": ".person.child", "style": {"background-color": "#fff4d6"}},
    {
        "selector": ".person.focus",
        "style": {
            "width": 42,
            "height": 42,
            "border-width": 5,
            "border-color": FOCUS_RING,
            "background-color": "#fde2df",
            "font-weight": "bold",
        },
    },
    {"selector": ".person.matched", "style": {"border-style": "dashed", "border-color": MATCH_EDGE}},
    {"selector": ".person.focus.matched", "style": {"border-color": FOCUS_RING}},
    {
        "selector": ".household-box",
        "style": {
            "shape": "round-rectangle",
            "background-color": "#f1f5f9",
            "background-opacity": 0.6,
            "border-width": 1.5,
            "border-style": "solid",
            "border-color": HOUSEHOLD_LINE,
            "padding": 12,
            "text-valign": "top",
            "text-halign": "center",
            "text-margin-y": -3,
            "font-size": 11,
            "color": "#334155",
            "text-max-width": 400,
            "text-wrap": "ellipsis",
        },
    },
    {"selector": ".household-box.no-address", "style": {"label": "Household"}},
    {
        "selector": ".union",
        "style": {
            "label": "",
            "width": 7,
            "height": 7,
            "shape": "ellipse",
            "background-color": INK,
            "events": "no",
        },
    },
    {
        "selector": ".union.ex-partner",  # the slash across a separated couple's line
        "style": {
            "shape": "polygon",
            "shape-polygon-points": [-0.25, 1, 0.25, 1, 1, -1, 0.5, -1],
            "width": 10,
            "height": 20,
        },
    },
    {"selector": ".union.co-parent", "style": {"background-color": "#667085"}},
    {
        "selector": "edge",
        "style": {
            "width": 2,
            "line-color": INK,
            "curve-style": "straight",
            "label": "data(label)",
            "font-size": 11,
            "color": MATCH_EDGE,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.9,
        },
    },
    {"selector": ".couple.ex-partner", "style": {"line-style": "dashed"}},
    {"selector": ".couple.co-parent", "style": {"line-style": "dotted", "line-color": "#667085"}},
    {"selector": ".couple.bent", "style": {"curve-style": "taxi", "taxi-direction": "downward"}},
    {
        "selector": ".descent",
        "style": {"curve-style": "taxi", "taxi-direction": "downward", "taxi-turn": "data(turn)"},
    },
    {
        "selector": ".step-parent",
        "style": {
            "curve-style": "taxi",
            "taxi-direction": "downward",
            "line-style": "dashed",
            "line-color": STEP,
            "target-arrow-shape": "triangle",
            "target-arrow-color": STEP,
        },
    },
    {
        "selector": ".carer-link",
        "style": {
            "curve-style": "bezier",
            "line-color": CARER,
            "target-arrow-shape": "triangle",
            "target-arrow-color": CARER,
            "width": 2.5,
        },
    },
    {"selector": ".carer-link.foster", "style": {"line-style": "dashed", "line-dash-pattern": [10, 5]}},
    {
        "selector": ".carer-link.kinship",
        "style": {"line-style": "dashed", "line-dash-pattern": [12, 4, 2, 4]},
    },
    {"selector": ".carer-link.other-carer", "style": {"line-style": "dotted"}},
    {
        "selector": ".sibling-link",
        "style": {
            "curve-style": "unbundled-bezier",
            "control-point-distances": [-60],
            "control-point-weights": [0.5],
            "line-style": "dashed",
            "line-color": "#667085",
            "width": 1.5,
        },
    },
    {
        "selector": ".possible-match",
        "style": {
            "curve-style": "unbundled-bezier",
            "control-point-distances": [-70],
            "control-point-weights": [0.5],
            "line-style": "dashed",
            "line-color": MATCH_EDGE,
            "width": 3,
            "font-weight": "bold",
            "text-margin-y": -10,
        },
    },
    {"selector": ".residence-hidden", "style": {"display": "none"}},
    {
        "selector": "node.person:selected",
        "style": {"overlay-color": "#0b5cad", "overlay-opacity": 0.25, "overlay-padding": 8},
    },
    {"selector": "edge:selected", "style": {"width": 4}},
]

# (swatch css class, words): explorer.css draws the swatches.
GENOGRAM_LEGEND: list[tuple[str, str]] = [
    ("g-male", "Male"),
    ("g-female", "Female"),
    ("g-unknown", "Sex not recorded"),
    ("g-unborn", "Unborn"),
    ("swatch-focus", "Person opened"),
    ("g-couple", "Partners"),
    ("g-ex", "Separated / ex-partners"),
    ("g-descent", "Parent → child"),
    ("g-step", "Step-parent"),
    ("g-foster", "Foster carer"),
    ("g-kinship", "Kinship carer"),
    ("g-carer", "Other carer"),
    ("g-sibling", "Sibling (no shared parent shown)"),
    ("swatch-match", "Possible match, not merged"),
    ("g-home", "Lives together now"),
]
