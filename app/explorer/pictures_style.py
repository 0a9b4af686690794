"""What the genogram's and the ecomap's looks share: the palette, the preset layout and the label.

Positions come with the elements (genogram.py, ecomap.py: cytoscape's ``preset`` layout); each
picture's styles and legend are in genogram_style.py and ecomap_style.py.
"""

from __future__ import annotations

INK = "#1b1f24"
HOUSEHOLD_LINE = "#64748b"
CARER = "#0e7490"
STEP = "#7c3aed"
FRESH = {"recent": "#067647", "ageing": "#b54708", "stale": "#b42318", "unknown": "#667085"}
PRESET = {"name": "preset", "fit": True, "padding": 30, "animate": False}
LABEL = {
    "label": "data(label)",
    "font-size": 12,
    "text-wrap": "wrap",
    "text-max-width": 118,
    "text-valign": "bottom",
    "text-margin-y": 5,
    "color": INK,
    "text-background-color": "#ffffff",
    "text-background-opacity": 0.9,
    "text-background-padding": 1,
}
