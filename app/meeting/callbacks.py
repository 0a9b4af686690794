"""Meeting mode's callbacks: a tap or a timeline click opens the redacted drawer, the view switch, and
a reveal (asked with a reason, then checked and audited in actions.py)."""

from __future__ import annotations

import logging

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from app.meeting.actions import RevealRefused, open_meeting_details, reveal
from app.meeting.page import (
    CANCEL,
    CLOSE,
    CONFIRM,
    DETAILS,
    DIALOG,
    DIALOG_MESSAGE,
    DIALOG_TITLE,
    DRAWER,
    FOCUS,
    NAMES,
    NETWORK,
    NETWORK_VIEW,
    PENDING,
    REASON,
    SHOW_NETWORK,
    SHOW_TIMELINE,
    TIMELINE,
    TIMELINE_VIEW,
)
from app.meeting.panels import FIELD, REVEAL
from app.meeting.redaction import FIELD_WORDS, RevealKey, check_reason
from app.meeting.timeline import clicked_element
from app.shell.services import Services
from graph import FamilynetError

log = logging.getLogger(__name__)
REVEAL_FAILED = "The reveal could not be recorded in the audit trail, so nothing was shown."


def register(dash_app: Dash, services: Services) -> None:
    """Meeting mode's callbacks; its page is served through /family (app/pages.py)."""

    @dash_app.callback(
        Output(DETAILS, "children"),
        Output(DRAWER, "className"),
        Input(NETWORK, "tapNodeData"),
        Input(NETWORK, "tapEdgeData"),
        Input(TIMELINE, "clickData"),
        Input(CLOSE, "n_clicks"),
        State(FOCUS, "data"),
        State(NAMES, "data"),
        prevent_initial_call=True,
    )
    def show_details(node, edge, click, _close, focus, initials):  # noqa: ANN001, ANN202
        """Only the tapped id and the page's person come from the browser; app/people/ decides."""
        trigger = ctx.triggered[0]["prop_id"] if ctx.triggered else ""
        if trigger.startswith(CLOSE):
            return [], "meeting-drawer closed"  # the panel, and anything revealed in it, leaves the page
        if trigger.startswith(TIMELINE):
            element_id = clicked_element(click if isinstance(click, dict) else None)
        else:
            tapped = node if "tapNode" in trigger else edge
            element_id = tapped.get("id") if isinstance(tapped, dict) else None
        if not isinstance(element_id, str):
            return no_update, no_update
        panel = open_meeting_details(services, element_id, focus, bool(initials))
        return panel, "meeting-drawer open"

    @dash_app.callback(
        Output(NETWORK_VIEW, "className"),
        Output(TIMELINE_VIEW, "className"),
        Output(SHOW_NETWORK, "className"),
        Output(SHOW_TIMELINE, "className"),
        Input(SHOW_NETWORK, "n_clicks"),
        Input(SHOW_TIMELINE, "n_clicks"),
        prevent_initial_call=True,
    )
    def switch_view(_network: int, _timeline: int):  # noqa: ANN202
        timeline = ctx.triggered_id == SHOW_TIMELINE
        view = "meeting-view"
        return (
            f"{view} hidden" if timeline else view,
            view if timeline else f"{view} hidden",
            "switch" if timeline else "switch on",
            "switch on" if timeline else "switch",
        )

    @dash_app.callback(
        Output(PENDING, "data"),
        Output(DIALOG, "className"),
        Output(DIALOG_TITLE, "children"),
        Output(REASON, "value"),
        Output(DIALOG_MESSAGE, "children"),
        Input({"type": REVEAL, "key": ALL}, "n_clicks"),
        Input(CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )
    def ask_reason(clicks: list[int], _cancel: int):  # noqa: ANN202
        trigger = ctx.triggered_id
        if trigger == CANCEL:
            return None, "meeting-dialog closed", no_update, "", ""
        if not isinstance(trigger, dict) or not any(clicks or []) or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update, no_update, no_update
        try:
            key = RevealKey.decode(str(trigger.get("key")))
        except ValueError:
            return no_update, no_update, no_update, no_update, no_update
        return key.encode(), "meeting-dialog open", f"Reveal the {FIELD_WORDS[key.field]}?", "", ""

    @dash_app.callback(
        Output({"type": FIELD, "key": ALL}, "children"),
        Output(DIALOG, "className", allow_duplicate=True),
        Output(DIALOG_MESSAGE, "children", allow_duplicate=True),
        Output(PENDING, "data", allow_duplicate=True),
        Input(CONFIRM, "n_clicks"),
        Input(REASON, "n_submit"),
        State(PENDING, "data"),
        State(REASON, "value"),
        State(FOCUS, "data"),
        prevent_initial_call=True,
    )
    def confirm_reveal(_clicks, _submit, pending, reason, focus):  # noqa: ANN001, ANN202
        slots = [no_update] * len(ctx.outputs_list[0])
        if not isinstance(pending, str) or not pending:
            return slots, no_update, no_update, no_update
        try:
            why = check_reason(reason if isinstance(reason, str) else "")
            value = reveal(services, RevealKey.decode(pending), why, focus)
        except (ValueError, RevealRefused) as e:
            return slots, no_update, str(e), no_update
        except FamilynetError:  # the audit write or the graph: then nothing is revealed
            log.exception("reveal failed")
            return slots, no_update, REVEAL_FAILED, no_update
        for i, output in enumerate(ctx.outputs_list[0]):
            if output["id"]["key"] == pending:
                slots[i] = html.Span(value, className="revealed")
        return slots, "meeting-dialog closed", "", None
