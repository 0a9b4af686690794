"""The family page, /family/<person uid>: read the family, audit the view, then the desk or meeting mode.

The desk (app/explorer/) and meeting mode (app/meeting/) are laid out by their own packages; the choice
between them is made here, so the desk never imports meeting mode. Roles in
``governance.roles.MEETING_ONLY_ROLES`` (the viewer) get meeting mode whatever the URL says.
"""

from __future__ import annotations

from dash import Dash, html

from app.explorer import callbacks as explorer_callbacks
from app.explorer import page as desk
from app.explorer.elements import to_cytoscape_elements
from app.meeting import callbacks as meeting_callbacks
from app.meeting import page as meeting
from app.people import confirming, withholding
from app.people.view import PersonView
from app.shell import gate
from app.shell.messages import explain, message
from app.shell.routing import Page
from app.shell.services import Services
from graph import FamilynetError, NotFound


def family_page(pathname: str, search: str, services: Services) -> html.Div:
    uid = gate.family_person_id(pathname)
    if uid is None:
        return message("Person not found", "This address names no person. Search for them instead.")
    depth = desk.depth_from(search)
    view = PersonView(services, page=uid)
    try:
        if gate.person_for_access(services, uid) is None:
            return desk.not_found()
        family = view.opened_family(uid, depth, "view_person")  # decided per person, audited with all
    except NotFound:
        return desk.not_found()
    except FamilynetError as e:
        return explain(e, services)
    if meeting.requested(search) or gate.meeting_only():
        return meeting.page(uid, family, depth, search, services)
    elements = to_cytoscape_elements(family, view.today)
    focus = next(r["person"] for r in family.people if r["person"]["uid"] == uid)
    return desk.layout(uid, focus, depth, elements)


def register(dash_app: Dash, services: Services) -> dict[str, Page]:
    explorer_callbacks.register(dash_app, services)
    meeting_callbacks.register(dash_app, services)
    confirming.register(dash_app, services)  # [issue 23] a shielded person: confirm before opening
    withholding.register(dash_app, services)  # [issue 23] a decision not to share, from the details
    return {"/family": family_page}
