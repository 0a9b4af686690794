"""The admin page's data-quality section: one row per source, stale sources first and marked, the same
figures as ``familynet quality`` grouped so the table fits a 1440 px screen without scrolling sideways."""

from __future__ import annotations

import logging

from dash import html

from app.shell.services import Services
from governance.quality import SourceQuality, quality_report, shown
from graph import FamilynetError

log = logging.getLogger(__name__)
SECTION = "admin-quality"
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (  # (heading, ((field, words), ...))
    ("Records", (("records", "Records"), ("people", "People"), ("records_per_person", "Records per person"))),
    (
        "Identity (share of records)",
        (
            ("with_name", "Name"),
            ("with_dob", "DOB"),
            ("dob_consistency", "DOB format consistent"),
            ("with_address", "Address (of people)"),
            ("with_postcode", "Postcode"),
            ("with_gender", "Gender"),
        ),
    ),
    (
        "Contacts (share of involvements)",
        (
            ("contact_named", "Named person"),
            ("contact_team_only", "Team only"),
            ("with_phone", "Phone"),
            ("phone_valid", "Phone valid"),
            ("with_email", "E-mail"),
            ("email_valid", "E-mail valid"),
        ),
    ),
    ("People involved", (("current", "Current"), ("historic", "Historic"), ("none", "None"))),
    ("Coverage", (("coverage", ""),)),
    ("Refresh", (("last_refresh", "Last extract"), ("refresh_days", "Expected"), ("stale", "Stale"))),
)


def _cell(q: SourceQuality, figures: tuple[tuple[str, str], ...]) -> html.Td:
    lines = [
        html.Div([html.Span(f"{words}: ", className="q-words") if words else None, shown(q, key)])
        for key, words in figures
    ]
    return html.Td(lines)


def section(services: Services) -> html.Div:
    """A table of every source's figures; stale sources come first and are highlighted."""
    try:
        report = quality_report(services.store(), services.today())
    except FamilynetError as e:
        log.error("quality report failed: %s", e)
        problem = html.P(f"The graph could not be read: {e}", className="banner banner-error")
        return html.Div(id=SECTION, children=[html.H2("Data quality"), problem])
    report = sorted(report, key=lambda q: (not q.stale, q.name.lower()))
    stale = sum(q.stale for q in report)
    return html.Div(
        id=SECTION,
        className="quality",
        children=[
            html.H2("Data quality"),
            html.P(
                f"{stale} of {len(report)} sources are stale: their last extract is older than the refresh "
                "expected of them (every day unless the mapping says otherwise), so what they say may be "
                "out of date. They are listed first.",
                className="banner banner-warn" if stale else "muted",
                id="quality-stale-note",
            ),
            html.Div(
                className="quality-scroll",
                children=html.Table(
                    className="table quality-table",
                    children=[
                        html.Thead(html.Tr([html.Th("Source")] + [html.Th(h) for h, _ in GROUPS])),
                        html.Tbody(
                            [
                                html.Tr(
                                    [
                                        html.Td(
                                            [
                                                html.Strong(q.name),
                                                html.Div(q.uid, className="muted"),
                                                html.Span("STALE", className="badge-stale")
                                                if q.stale
                                                else None,
                                            ]
                                        )
                                    ]
                                    + [_cell(q, figures) for _, figures in GROUPS],
                                    className="quality-row stale" if q.stale else "quality-row",
                                )
                                for q in report
                            ]
                            or [html.Tr(html.Td("No sources are loaded.", colSpan=len(GROUPS) + 1))]
                        ),
                    ],
                ),
            ),
            html.P(
                "Shares are of each source's records (address: of its people; contacts: of its "
                "involvements). The same from the command line: familynet quality [SOURCE] (--format json)."
            ),
        ],
    )
