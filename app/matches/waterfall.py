"""A match explanation drawn as a waterfall: which comparison pushed the match weight up or down, by how much.

One function, ``waterfall(props)``, turns the explanation a RECORDED_IN link or a POSSIBLE_MATCH keeps
(``score``, ``reasons``, ``prior_weight``, ``match_weight`` and the parallel ``comparison_*`` lists; see
docs/matching.md) into a component: a bar chart (dcc.Graph, plotly's Waterfall) with the plain-words
reasons beside it. The review page uses it; the person details panel can too. ``steps`` holds the
numbers, so tests check them without a browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

LABELS = {
    "prior": "before comparing",
    "given_name": "given name",
    "family_name": "family name",
    "dob": "date of birth",
    "home": "address and postcode",
    "gender": "gender",
}
UP, DOWN, TOTAL = "#2e7d32", "#c62828", "#37474f"


@dataclass(frozen=True)
class Step:
    """One bar: a comparison's contribution (log2 Bayes factor) and the running total after it."""

    comparison: str
    label: str
    level: str
    weight: float
    total: float


def steps(props: dict[str, Any]) -> list[Step]:
    """The prior, then each comparison that had values on both sides, with running totals; [] when the
    match keeps no explanation (an identifier decided alone, or a link made before explanations)."""
    names = props.get("comparison_names") or []
    if not names or props.get("prior_weight") is None:
        return []
    total = float(props["prior_weight"])
    found = [Step("prior", LABELS["prior"], "", total, total)]
    levels = props.get("comparison_levels") or []
    weights = props.get("comparison_weights") or []
    for name, level, weight in zip(names, levels, weights, strict=True):
        if level == "null":  # a side had no value: no evidence either way, no bar
            continue
        total += float(weight)
        found.append(Step(name, LABELS.get(name, name.replace("_", " ")), level, float(weight), total))
    return found


def reasons(props: dict[str, Any]) -> list[str]:
    """The stored plain words, one per line ("; " between them when stored as one string)."""
    stored = props.get("reasons") or []
    if isinstance(stored, str):
        stored = stored.split("; ")
    return [r.strip() for r in stored if r and r.strip()]


def figure(bars: list[Step]) -> go.Figure:
    """Horizontal bars, read top to bottom: the prior, each comparison's push, the match weight."""
    labels = [f"{s.label} ({s.level.replace('_', ' ')})" if s.level else s.label for s in bars]
    final = bars[-1].total
    chart = go.Figure(
        go.Waterfall(
            orientation="h",
            y=[*labels, "match weight"],
            x=[s.weight for s in bars] + [final],
            measure=["absolute"] + ["relative"] * (len(bars) - 1) + ["total"],
            text=[f"{s.weight:+.1f}" for s in bars] + [f"{final:+.1f}"],
            textposition="outside",
            cliponaxis=False,
            increasing={"marker": {"color": UP}},
            decreasing={"marker": {"color": DOWN}},
            totals={"marker": {"color": TOTAL}},
            connector={"line": {"color": "#90a4ae", "dash": "dot"}},
            hoverinfo="skip",
        )
    )
    ends = [0.0] + [s.total for s in bars] + [s.total - s.weight for s in bars[1:]]
    pad = max(2.0, 0.15 * (max(ends) - min(ends)))  # room for the numbers beside the bars
    chart.add_vline(x=0, line_color="#78909c", annotation_text="even odds", annotation_position="top")
    chart.update_layout(
        margin={"l": 10, "r": 40, "t": 40, "b": 40},
        height=60 + 36 * (len(bars) + 1),
        showlegend=False,
        xaxis={
            "title": "match weight (log2 odds): left, two people; right, one person",
            "range": [min(ends) - pad, max(ends) + pad],
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        plot_bgcolor="white",
        font={"size": 12},
    )
    return chart


def words(step: Step) -> str:
    """A bar in plain words: "date of birth (exact): +12.5, towards the same person"."""
    level = f" ({step.level.replace('_', ' ')})" if step.level else ""
    if step.comparison == "prior":
        return f"{step.label}: {step.weight:+.1f} (two records picked at random are rarely one person)"
    if math.isclose(step.weight, 0.0, abs_tol=0.05):
        return f"{step.label}{level}: {step.weight:+.1f}, no evidence either way"
    way = "towards the same person" if step.weight > 0 else "towards two people"
    return f"{step.label}{level}: {step.weight:+.1f}, {way}"


def waterfall(props: dict[str, Any], graph_id: str = "match-waterfall") -> Component:
    """The explanation as a picture with the plain-words reasons beside it."""
    bars = steps(props)
    said = reasons(props)
    if not bars:
        decided = props.get("decided_by") or ""
        text = (
            "An identifier decided alone: " + decided.replace("_", " ") if decided else "No explanation kept."
        )
        return html.Div(className="waterfall waterfall-empty", children=[html.P(text), _reasons(said)])
    return html.Div(
        className="waterfall",
        children=[
            dcc.Graph(id=graph_id, figure=figure(bars), config={"displayModeBar": False, "staticPlot": True}),
            html.Div(
                className="waterfall-words",
                children=[
                    html.H4("Why"),
                    html.Ul(
                        [html.Li(words(s), className=_kind(s)) for s in bars], className="waterfall-steps"
                    ),
                    _reasons(said),
                ],
            ),
        ],
    )


def _kind(step: Step) -> str:
    if step.comparison == "prior" or math.isclose(step.weight, 0.0, abs_tol=0.05):
        return "step-even"
    return "step-up" if step.weight > 0 else "step-down"


def _reasons(said: list[str]) -> Component:
    if not said:
        return html.Div()
    return html.Div(
        className="waterfall-reasons",
        children=[html.H4("The model's reasons"), html.Ul([html.Li(r) for r in said])],
    )
