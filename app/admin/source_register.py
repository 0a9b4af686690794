"""The admin page's source register, beside data quality: per source its agreement (overdue reviews
highlighted), lawful basis, DPIA, data owner, retention and permitted purposes, and what its entry
lacks. The same as ``familynet register``."""

from __future__ import annotations

import logging

from dash import html

from app.shell.services import Services
from governance.register import COLUMNS, register_report
from graph import FamilynetError

log = logging.getLogger(__name__)
SECTION = "admin-register"


def section(services: Services) -> html.Div:
    try:
        lines = register_report(services.store(), services.today())
    except FamilynetError as e:
        log.error("register report failed: %s", e)
        problem = html.P(f"The graph could not be read: {e}", className="banner banner-error")
        return html.Div(id=SECTION, children=[html.H2("Source register"), problem])
    overdue = [line.name for line in lines if line.overdue]
    return html.Div(
        id=SECTION,
        className="register",
        children=[
            html.H2("Source register"),
            html.P(
                "Under which agreement each source is shared, on what lawful basis, covered by which DPIA, "
                "kept for how long and for which purposes (the mapping's [source.register])."
            ),
            html.P(
                f"Review overdue: {', '.join(overdue)}.",
                className="banner banner-error",
                id="register-overdue",
            )
            if overdue
            else None,
            html.Div(
                className="table-scroll",
                children=html.Table(
                    className="table register-table",
                    children=[
                        html.Thead(
                            html.Tr(
                                [html.Th("Source")] + [html.Th(h) for _, h in COLUMNS] + [html.Th("Missing")]
                            )
                        ),
                        html.Tbody(
                            [
                                html.Tr(
                                    [html.Td(line.name)]
                                    + [
                                        html.Td(
                                            line.shown(key),
                                            className="overdue"
                                            if key == "agreement_review" and line.overdue
                                            else None,
                                        )
                                        for key, _ in COLUMNS
                                    ]
                                    + [html.Td(", ".join(line.missing) or "—")],
                                    className="review-overdue" if line.overdue else None,
                                )
                                for line in lines
                            ]
                            or [html.Tr(html.Td("No sources are loaded.", colSpan=len(COLUMNS) + 2))]
                        ),
                    ],
                ),
            ),
            html.P("The same from the command line: familynet register (--format json)."),
        ],
    )
