"""What a panel says instead of data, and the one audited-or-nothing rule.

``audited`` writes the audit entry before anything is shown and raises ``AuditFailed`` when it cannot;
``explain`` is the one place a panel turns a familynet error into words. The API turns the same errors
into status codes (app/api/routes.py).
"""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.shell import auth, shielded
from app.shell.services import Services
from governance.audit import AuditUnavailable
from governance.shielding import ShieldConfirmationNeeded
from graph import FamilynetError, Forbidden, GraphUnavailable, NotFound, Unavailable

log = logging.getLogger(__name__)
AUDIT_FAILED = (
    "Not shown",
    "This could not be recorded in the audit trail, so it is not shown. "
    "Try again, or tell your system administrator.",
)


class AuditFailed(Unavailable):
    """The audit entry could not be written, so what it would have recorded is not shown."""


def actor() -> str:
    """The audit trail's name for whoever makes this request."""
    account = auth.current_account()
    return account.name if account else "anonymous"


def audited(services: Services, action: str, **detail: Any) -> None:
    """Write the audit entry now; raise ``AuditFailed`` if it cannot be written, so nothing is shown."""
    try:
        services.audit.record(actor(), action, **detail)
    except Exception as e:  # noqa: BLE001 - whatever broke, nothing is shown without an entry
        log.exception("audit write failed for %s", action)
        raise AuditFailed(f"{action} could not be recorded in the audit trail") from e


def message(title: str, text: str, kind: str = "info") -> html.Div:
    return html.Div(
        className=f"panel-message panel-{kind}", role="status", children=[html.H3(title), html.P(text)]
    )


def explain(error: FamilynetError, services: Services) -> html.Div:
    """The panel for a familynet error: refused, not found, not recorded, or the graph not answering."""
    if isinstance(error, (AuditFailed, AuditUnavailable)):
        return message(*AUDIT_FAILED, "error")
    if isinstance(error, ShieldConfirmationNeeded):  # [issue 23] a shielded person: confirm first
        return shielded.confirm_box(error.person, str(error))
    if isinstance(error, Forbidden):
        return message("Not available to you", str(error), "warn")
    if isinstance(error, NotFound):
        return message(error.title, str(error))
    if isinstance(error, GraphUnavailable):
        services.reset()
        return message(
            "Graph database not answering",
            "No family data can be shown until it is back. Nothing you have done is lost; "
            "try again in a minute.",
            "error",
        )
    log.error("explorer query failed: %s", error)
    return message("Could not read the graph", str(error), "error")
