"""The desk's callbacks: depth, layout, taps on the network, expansion, image and CSV exports, and
opening one service's details. Thin: the person-view service decides, actions.py builds the answer."""

from __future__ import annotations

import logging
from typing import Any

import dash_cytoscape as cyto
from dash import MATCH, Dash, Input, Output, State, ctx, no_update

from app.explorer import flags
from app.explorer.actions import details_csv, open_details
from app.explorer.elements import count_nodes, merge_elements, to_cytoscape_elements
from app.explorer.page import (
    CSV_BUTTON,
    CSV_DOWNLOAD,
    DEFAULT_DEPTH,
    DEPTH,
    DETAILS,
    EXPAND,
    EXPORT_PNG,
    EXPORT_STATUS,
    EXPORT_SVG,
    FOCUS,
    LAYOUT,
    NETWORK,
    SELECTION,
    STATUS,
)
from app.explorer.stylesheet import DEFAULT_LAYOUT, LAYOUTS
from app.people.view import PersonView
from app.shell import gate
from app.shell.layout import URL, query, query_params
from app.shell.messages import AuditFailed, audited, explain, message
from app.shell.services import Services
from governance import roles
from graph import FamilynetError, GraphUnavailable

log = logging.getLogger(__name__)
MEETING_ONLY = "Your role sees families in meeting mode."


def register(dash_app: Dash, services: Services) -> None:
    cyto.load_extra_layouts()  # fcose, dagre, and the svg export extension

    @dash_app.callback(
        Output(URL, "search", allow_duplicate=True),
        Input(DEPTH, "value"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def change_depth(depth: int, search: str | None) -> Any:
        if str(depth) == query_params(search).get("depth", str(DEFAULT_DEPTH)):
            return no_update
        return query(search, depth=depth)

    @dash_app.callback(Output(NETWORK, "layout"), Input(LAYOUT, "value"), prevent_initial_call=True)
    def change_layout(name: str) -> dict:
        return LAYOUTS.get(name, LAYOUTS[DEFAULT_LAYOUT])

    @dash_app.callback(
        Output(DETAILS, "children"),
        Output(SELECTION, "data"),
        Output(EXPAND, "disabled"),
        Output(CSV_BUTTON, "disabled"),
        Input(NETWORK, "tapNodeData"),
        Input(NETWORK, "tapEdgeData"),
        State(FOCUS, "data"),
        prevent_initial_call=True,
    )
    def show_details(node: Any, edge: Any, focus: Any) -> tuple:
        """Only the tapped id and the page's person come from the browser; app/people/ decides."""
        if gate.meeting_only():  # meeting-only roles get redacted panels from app/meeting/, never these
            return message("Meeting mode only", MEETING_ONLY), None, True, True
        tapped = node if ctx.triggered_id and "tapNode" in ctx.triggered[0]["prop_id"] else edge
        if not isinstance(tapped, dict) or not isinstance(tapped.get("id"), str):
            return no_update, no_update, no_update, no_update
        panel, selection = open_details(services, tapped["id"], focus)
        is_person = bool(selection) and selection["kind"] == "person"
        return panel, selection, not is_person, not selection

    @dash_app.callback(
        Output(NETWORK, "elements"),
        Output(STATUS, "children"),
        Input(EXPAND, "n_clicks"),
        State(SELECTION, "data"),
        State(NETWORK, "elements"),
        prevent_initial_call=True,
    )
    def expand(_clicks: int, selection: Any, elements: Any) -> tuple:
        """The selected person's own family, added to the picture: opened like a family page (seen in
        full, their reason recorded, audited with everyone added); the browser's elements are only
        merged with, never read for who may be shown."""
        if not isinstance(selection, dict) or selection.get("kind") != "person":
            return no_update, "Tap a person to expand."
        if gate.meeting_only():
            return no_update, MEETING_ONLY
        uid, view = selection.get("uid"), PersonView(services)
        if not isinstance(uid, str) or not isinstance(elements, list):
            return no_update, "Tap a person to expand."
        try:
            family = view.opened_family(uid, 1, "expand_person")
        except GraphUnavailable:
            services.reset()
            return no_update, "The graph database is not answering; nothing was added."
        except FamilynetError as e:
            return no_update, f"Their links are not shown: {e}"
        addition = to_cytoscape_elements(family, view.today)
        merged = merge_elements(elements, addition)
        added = count_nodes(merged, "person") - count_nodes(elements, "person")
        return merged, f"{count_nodes(merged, 'person')} people shown ({added} added)"

    @dash_app.callback(
        Output(NETWORK, "generateImage"),
        Output(EXPORT_STATUS, "children"),
        Input(EXPORT_PNG, "n_clicks"),
        Input(EXPORT_SVG, "n_clicks"),
        State(FOCUS, "data"),
        prevent_initial_call=True,
    )
    def export_image(_png: int, _svg: int, focus: Any) -> tuple:
        """The picture is drawn in the browser; the server decides whether it may be made for the page's
        person, and records everyone in their family the worker may see in the entry."""
        kind = "svg" if ctx.triggered_id == EXPORT_SVG else "png"
        view = PersonView(services, page=focus if isinstance(focus, str) else None)
        if not isinstance(focus, str) or not view.may(roles.EXPORT, focus).allowed:
            return no_update, "Your role may not export."
        try:
            people = view.members(focus)
            audited(
                services, "export_image", person=focus, format=kind, people=people, **view.seen(focus).audit
            )
        except AuditFailed:
            return no_update, "Export could not be recorded, so it was not made."
        except FamilynetError as e:
            return no_update, f"Not exported: {e}"
        # "both" also hands the PNG back to report its size; dash-cytoscape 1.0.2 cannot do that for SVG
        # (it passes the SVG text, not a Blob, to FileReader), so SVG is download only.
        action = "both" if kind == "png" else "download"
        note = "Preparing PNG…" if kind == "png" else "SVG download started"
        return {"type": kind, "action": action, "filename": f"family-{focus}"}, note

    @dash_app.callback(
        Output(EXPORT_STATUS, "children", allow_duplicate=True),
        Input(NETWORK, "imageData"),
        prevent_initial_call=True,
    )
    def image_ready(data: str | None) -> Any:
        if not data:
            return no_update
        size = len(data.split(",", 1)[-1]) * 3 // 4
        kind = "SVG" if data.startswith("data:image/svg") else "PNG"
        return f"{kind} downloaded ({max(1, size // 1024)} KB)"

    @dash_app.callback(
        Output(CSV_DOWNLOAD, "data"),
        Input(CSV_BUTTON, "n_clicks"),
        State(SELECTION, "data"),
        State(FOCUS, "data"),
        prevent_initial_call=True,
    )
    def export_csv(_clicks: int, selection: Any, focus: Any) -> Any:
        if gate.meeting_only():
            return no_update
        text = details_csv(services, selection, focus)
        return (
            dict(content=text, filename=f"{selection['kind']}-{selection['uid']}.csv") if text else no_update
        )

    @dash_app.callback(
        Output({"type": flags.BODY, "person": MATCH, "source": MATCH}, "children"),
        Input({"type": flags.OPEN, "person": MATCH, "source": MATCH}, "n_clicks"),
        State({"type": flags.OPEN, "person": MATCH, "source": MATCH}, "id"),
        prevent_initial_call=True,
    )
    def open_service(clicks: int | None, ident: Any) -> Any:
        if not clicks or not isinstance(ident, dict):
            return no_update
        if gate.meeting_only():
            return message("Meeting mode only", MEETING_ONLY)
        if not isinstance(ident.get("person"), str) or not isinstance(ident.get("source"), str):
            return no_update
        try:
            detail = PersonView(services).person_service(ident["person"], ident["source"])
        except FamilynetError as e:
            return explain(e, services)
        if detail is None:
            return message("Not available", "This service's details may not be shown to you.", "warn")
        return flags.details_body(detail)
