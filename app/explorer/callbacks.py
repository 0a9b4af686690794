"""The desk's callbacks: depth, layout, taps on the network, expansion, image and CSV exports, and
opening one service's details. Thin: the person-view service decides, actions.py builds the answer."""

from __future__ import annotations

import logging
from typing import Any

import dash_cytoscape as cyto
from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from app.explorer import flags
from app.explorer.actions import details_csv, open_details
from app.explorer.elements import count_nodes, merge_elements, to_cytoscape_elements
from app.explorer.exports import export_spec
from app.explorer.page import (
    CSV_BUTTON,
    CSV_DOWNLOAD,
    DEFAULT_DEPTH,
    DEPTH,
    DETAILS,
    EXPAND,
    EXPORT_PLAIN,
    EXPORT_PNG,
    EXPORT_SPEC,
    EXPORT_STATUS,
    EXPORT_SVG,
    FOCUS,
    LAYOUT,
    NETWORK,
    OPEN,
    SELECTION,
    STATUS,
    view_from,
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

    @dash_app.callback(
        Output(NETWORK, "layout"), Input(LAYOUT, "value"), State(URL, "search"), prevent_initial_call=True
    )
    def change_layout(name: str, search: str | None) -> Any:
        if view_from(search or "") != "network":  # the pictures keep their own positions
            return no_update
        return LAYOUTS.get(name, LAYOUTS[DEFAULT_LAYOUT])

    def details_for(element_id: Any, focus: Any) -> tuple:
        """Only the tapped id and the page's person come from the browser; app/people/ decides."""
        if gate.meeting_only():  # meeting-only roles get redacted panels from app/meeting/, never these
            return message("Meeting mode only", MEETING_ONLY), None, True, True
        if not isinstance(element_id, str) or not element_id:
            return no_update, no_update, no_update, no_update
        panel, selection = open_details(services, element_id, focus)
        is_person = bool(selection) and selection["kind"] == "person"
        return panel, selection, not is_person, not selection

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
        tapped = node if ctx.triggered_id and "tapNode" in ctx.triggered[0]["prop_id"] else edge
        return details_for(tapped.get("id") if isinstance(tapped, dict) else None, focus)

    @dash_app.callback(
        Output(DETAILS, "children", allow_duplicate=True),
        Output(SELECTION, "data", allow_duplicate=True),
        Output(EXPAND, "disabled", allow_duplicate=True),
        Output(CSV_BUTTON, "disabled", allow_duplicate=True),
        Input({"type": OPEN, "element": ALL}, "n_clicks"),
        State(FOCUS, "data"),
        prevent_initial_call=True,
    )
    def open_by_name(_clicks: list, focus: Any) -> tuple:
        """A name in the list view or in a panel ("Lives with now"): the same panel as a tap."""
        if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update, no_update
        return details_for(ctx.triggered_id.get("element"), focus)

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
        Output(EXPORT_SPEC, "data"),
        Output(EXPORT_STATUS, "children"),
        Input(EXPORT_PNG, "n_clicks"),
        Input(EXPORT_SVG, "n_clicks"),
        State(FOCUS, "data"),
        State(EXPORT_PLAIN, "value"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def export_image(_png: int, _svg: int, focus: Any, plain: list[str] | None, search: Any) -> tuple:
        """What the picture's header and footer say (title, date, legend, sources, marking), decided
        here, for a page's person the worker may open; the entry records everyone in their family the
        worker may see. The browser then draws the file (assets/explorer_export.js)."""
        kind = "svg" if ctx.triggered_id == EXPORT_SVG else "png"
        view = PersonView(services, page=focus if isinstance(focus, str) else None)
        if not isinstance(focus, str) or not view.may(roles.EXPORT, focus).allowed:
            return no_update, "Your role may not export."
        try:
            people = view.members(focus)
            spec = export_spec(
                view, focus, kind, view_from(search if isinstance(search, str) else ""), bool(plain)
            )
            audited(
                services,
                "export_image",
                person=focus,
                format=kind,
                addresses=not plain,
                people=people,
                **view.seen(focus).audit,
            )
        except AuditFailed:
            return no_update, "Export could not be recorded, so it was not made."
        except FamilynetError as e:
            log.warning("export not made: %s", e)
            return no_update, f"Not exported: {e}"
        return spec, f"Preparing {kind.upper()}…"

    dash_app.clientside_callback(
        ClientsideFunction(namespace="familynet", function_name="exportPicture"),
        Output(EXPORT_STATUS, "children", allow_duplicate=True),
        Input(EXPORT_SPEC, "data"),
        prevent_initial_call=True,
    )

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
