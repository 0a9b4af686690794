"""The admin page: who may sign in, the audit trail (is the chain intact, who did what, when), shielded
people and addresses, data quality and the source register."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html
from dash.development.base_component import Component

from app.admin import quality, shields, source_register
from app.shell import auth, gate, gate_views
from app.shell.messages import audited
from app.shell.routing import Page
from app.shell.services import Services
from governance import roles
from governance.audit import AuditEntry

PATH = "/admin"
AUDIT_TABLE = "admin-audit-table"
AUDIT_ACTION = "admin-audit-action"
AUDIT_ACTOR = "admin-audit-actor"
CHAIN_STATUS = "admin-chain-status"
USERS_TABLE = "admin-users"
SHOWN = 200
USER_COLUMNS = ("Name", "Role", "Authority", "Contacts", "State", "Since")


def register(dash_app: Dash, services: Services) -> dict[str, Page]:
    shields.register(dash_app, services)

    @dash_app.callback(
        Output(AUDIT_TABLE, "children"),
        Input(AUDIT_ACTION, "value"),
        Input(AUDIT_ACTOR, "value"),
        prevent_initial_call=True,
    )
    def filter_audit(action: str | None, actor: str | None):
        if not gate.decide(services, roles.REVIEW_AUDIT).allowed:
            return gate_views.refusal("Only administrators may review the audit trail.")
        return audit_table(
            services.audit.entries(
                action=action or None, actor=(actor or "").strip() or None, newest_first=True, limit=SHOWN
            )
        )

    return {PATH: page}


def page(pathname: str, query_string: str, services: Services) -> Component:
    audited(services, "review_audit")
    problems = services.audit.verify()
    head = services.audit.head()
    if problems:
        status = html.Div(
            className="banner banner-error",
            id=CHAIN_STATUS,
            children=[
                html.Strong("The audit trail has been tampered with: "),
                html.Ul([html.Li(f"entry {p.seq}: {p.reason}") for p in problems[:20]]),
            ],
        )
    else:
        seq, digest = head or (0, "")
        status = html.Div(
            f"Audit chain intact: {seq} entries, head {digest[:16]}…",
            className="banner banner-ok",
            id=CHAIN_STATUS,
        )
    users = auth.governance().users.list()
    return html.Div(
        className="admin",
        children=[
            html.H2("Audit trail"),
            status,
            html.Div(
                className="filters",
                children=[
                    dcc.Dropdown(id=AUDIT_ACTION, options=services.audit.actions(), placeholder="Any action"),
                    dcc.Input(id=AUDIT_ACTOR, placeholder="User name", debounce=True),
                ],
            ),
            html.Div(audit_table(services.audit.entries(newest_first=True, limit=SHOWN)), id=AUDIT_TABLE),
            html.P(
                "Export for a period: familynet audit export --from 2026-01-01 --to 2026-01-31 > audit.csv"
            ),
            html.H2("Users"),
            html.Table(
                id=USERS_TABLE,
                className="table",
                children=[
                    html.Thead(html.Tr([html.Th(h) for h in USER_COLUMNS])),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(u.name),
                                    html.Td(u.role),
                                    html.Td(u.authority),
                                    html.Td("granted" if u.contacts_granted else ""),
                                    html.Td("disabled" if u.disabled else "active"),
                                    html.Td(u.created_at),
                                ]
                            )
                            for u in users
                        ]
                    ),
                ],
            ),
            html.P(
                "Add or disable users with: familynet users add NAME --role ROLE --authority CODE; "
                "familynet users disable NAME"
            ),
            shields.section(services),
            quality.section(services),
            source_register.section(services),
        ],
    )


def audit_table(entries: list[AuditEntry]) -> html.Table:
    return html.Table(
        className="table audit",
        children=[
            html.Thead(html.Tr([html.Th(h) for h in ("#", "When (UTC)", "Who", "Action", "Detail")])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(e.seq),
                            html.Td(e.at.replace("T", " ")[:19]),
                            html.Td(e.actor),
                            html.Td(e.action),
                            html.Td(_detail(e)),
                        ],
                        className=f"audit-{e.action}",
                    )
                    for e in entries
                ]
            ),
        ],
    )


def _detail(entry: AuditEntry) -> str:
    return ", ".join(f"{k}: {v}" for k, v in entry.details.items() if v not in (None, ""))
