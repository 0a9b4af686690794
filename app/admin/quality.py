"""The admin page's data-quality section: one row per source, the same figures as ``familynet quality``."""

from __future__ import annotations

import logging

from dash import html

from app.shell.services import Services
from governance.quality import LABELS, quality_report, shown
from graph import FamilynetError

log = logging.getLogger(__name__)
SECTION = "admin-quality"


def section(services: Services) -> html.Div:
    """A table of every source's figures; a stale source's row is flagged."""
    try:
        report = quality_report(services.store(), services.today())
    except FamilynetError as e:
        log.error("quality report failed: %s", e)
        problem = html.P(f"The graph could not be read: {e}", className="banner banner-error")
        return html.Div(id=SECTION, children=[html.H2("Data quality"), problem])
    return html.Div(
        id=SECTION,
        className="quality",
        children=[
            html.H2("Data quality"),
            html.P(
                "Shares are of each source's records (address: of its people; contacts: of its "
                "involvements). "
                "A source is stale when its extract is older than its expected refresh (default daily)."
            ),
            html.Div(
                className="table-scroll",
                children=html.Table(
                    className="table quality-table",
                    children=[
                        html.Thead(html.Tr([html.Th("Source")] + [html.Th(h) for _, h in LABELS])),
                        html.Tbody(
                            [
                                html.Tr(
                                    [html.Td(q.name)] + [html.Td(shown(q, k)) for k, _ in LABELS],
                                    className="stale" if q.stale else None,
                                )
                                for q in report
                            ]
                            or [html.Tr(html.Td("No sources are loaded.", colSpan=len(LABELS) + 1))]
                        ),
                    ],
                ),
            ),
            html.P("The same from the command line: familynet quality [SOURCE] (--format json)."),
        ],
    )
