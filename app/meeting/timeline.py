"""The involvement timeline: one row per person and service, a bar from start to end (open ones run to
today), a diamond at the last contact, a line at today, colour by service type.

``timeline_bars`` and ``timeline_figure`` are pure (family rows in, plotly figure out); each bar's
customdata carries the service's element id so a click opens the same details panel as the network
(decided again on the server: the id is all a click sends). The rows are the person-view service's
(``PersonView.family``): a relative shown by name only has no involvements, so no bars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from app.meeting.redaction import display_name, family_initials
from app.people.family import Family
from app.people.wording import parse_date, practitioner_text, provenance_text, show_date

# Okabe-Ito colours (safe for colour-blind viewers), darkened where they are too pale on white.
TYPE_COLOURS = {
    "social_care": "#0072B2",
    "health": "#009E73",
    "early_help": "#D55E00",
    "education": "#CC79A7",
    "school": "#CC79A7",
    "police": "#1b1f24",
    "housing": "#56B4E9",
    "adult_social_care": "#8C6D00",
}
OTHER_COLOUR = "#6B7280"
DAY_MS = 86_400_000
TODAY_COLOUR = "#B42318"


@dataclass(frozen=True)
class Bar:
    row: str  # the y-axis label: person and service
    person_uid: str
    service_uid: str
    involvement_uid: str
    service_type: str
    start: date | None
    end: date  # the end date, or today for an open involvement
    is_open: bool
    last_contact: date | None
    practitioner: str
    source: str
    status: str


def type_label(service_type: str) -> str:
    return (service_type or "other").replace("_", " ").capitalize()


def ordered_people(family: Family) -> list[dict[str, Any]]:
    """The person opened first, then everyone else by name (the same order as the summary)."""
    return sorted(
        family.people,
        key=lambda r: (
            r["person"]["uid"] != family.focus,
            r["person"].get("family_name") or "",
            r["person"].get("given_name") or "",
        ),
    )


def timeline_bars(family: Family, today: date, use_initials: bool = False) -> list[Bar]:
    """Every involvement of everyone in the family, in row order."""
    bars = []
    short = family_initials([r["person"] for r in family.people]) if use_initials else {}
    for row in ordered_people(family):
        person = row["person"]
        name = short.get(person["uid"]) or display_name(person, use_initials)
        for inv in sorted(row.get("involvements") or [], key=lambda i: str(i.get("start") or "")):
            service = inv.get("service") or {}
            if not service.get("uid"):
                continue
            start, end = parse_date(inv.get("start")), parse_date(inv.get("end"))
            last = parse_date(inv.get("last_contact"))
            closed = inv.get("status") == "historic" or end is not None
            if end is None:
                end = today if not closed else (last or start or today)
            bars.append(
                Bar(
                    row=f"{name} · {service.get('name') or 'Service'}",
                    person_uid=person["uid"],
                    service_uid=service["uid"],
                    involvement_uid=inv.get("uid") or "",
                    service_type=service.get("service_type") or "",
                    start=start,
                    end=end,
                    is_open=not closed,
                    last_contact=last,
                    practitioner="; ".join(practitioner_text(p) for p in inv.get("practitioners") or [])
                    or "no named practitioner",
                    source=provenance_text(inv.get("source")),
                    status=inv.get("status") or "",
                )
            )
    return bars


def _custom(bar: Bar) -> list[str]:
    return [
        f"s:{bar.service_uid}",
        bar.start.isoformat() if bar.start else "",
        bar.end.isoformat(),
        bar.last_contact.isoformat() if bar.last_contact else "",
        bar.practitioner,
        bar.source,
        (show_date(bar.start.isoformat()) if bar.start else "start not recorded"),
        "open (to today)" if bar.is_open else show_date(bar.end.isoformat()),
        show_date(bar.last_contact.isoformat()) if bar.last_contact else "no contact recorded",
        bar.involvement_uid,
    ]


HOVER = (
    "<b>%{y}</b><br>%{customdata[6]} → %{customdata[7]}<br>Last contact: %{customdata[8]}"
    "<br>Lead: %{customdata[4]}<br>Source: %{customdata[5]}<extra></extra>"
)


def timeline_figure(bars: list[Bar], today: date, font_size: int = 20) -> go.Figure:
    """Bars by service type (one legend entry each), last-contact diamonds and a today line."""
    figure = go.Figure()
    rows = list(dict.fromkeys(bar.row for bar in bars))
    for kind in dict.fromkeys(bar.service_type for bar in bars):
        mine = [b for b in bars if b.service_type == kind and b.start is not None]
        if not mine:
            continue
        figure.add_trace(
            go.Bar(
                orientation="h",
                y=[b.row for b in mine],
                base=[b.start.isoformat() for b in mine],
                x=[max(1, (b.end - b.start).days) * DAY_MS for b in mine],
                name=type_label(kind),
                marker={"color": TYPE_COLOURS.get(kind, OTHER_COLOUR), "line": {"width": 0}},
                customdata=[_custom(b) for b in mine],
                hovertemplate=HOVER,
                width=0.55,
            )
        )
    contacts = [b for b in bars if b.last_contact is not None]
    if contacts:
        figure.add_trace(
            go.Scatter(
                mode="markers",
                name="Last contact",
                x=[b.last_contact.isoformat() for b in contacts],
                y=[b.row for b in contacts],
                customdata=[_custom(b) for b in contacts],
                hovertemplate=HOVER,
                marker={
                    "symbol": "diamond",
                    "size": font_size,
                    "color": "#ffffff",
                    "line": {"color": "#1b1f24", "width": 3},
                },
            )
        )
    starts = [b.start for b in bars if b.start] + [b.last_contact for b in contacts] + [today]
    left = min(starts) - timedelta(days=60)
    right = max([today, *(b.end for b in bars)]) + timedelta(days=90)
    figure.update_layout(
        barmode="overlay",
        template="plotly_white",
        font={"size": font_size, "color": "#1b1f24"},
        margin={"l": 10, "r": 30, "t": 60, "b": 50},
        hoverlabel={"font": {"size": font_size}},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "font": {"size": font_size}},
        xaxis={"type": "date", "range": [left.isoformat(), right.isoformat()], "gridcolor": "#d0d7de"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": rows,
            "autorange": "reversed",
            "automargin": True,
        },
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": today.isoformat(),
                "x1": today.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": TODAY_COLOUR, "width": 3, "dash": "dash"},
            }
        ],
        annotations=[
            {
                "x": today.isoformat(),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"Today {show_date(today.isoformat())}",
                "showarrow": False,
                "font": {"color": TODAY_COLOUR, "size": font_size},
            }
        ],
        clickmode="event",
    )
    return figure


def clicked_element(click: dict[str, Any] | None) -> str | None:
    """The element id (``s:<service uid>``) behind a clicked bar or marker."""
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    custom = points[0].get("customdata")
    return custom[0] if isinstance(custom, list) and custom and isinstance(custom[0], str) else None
