"""The family page, /family/<person uid>: read the family, audit the view, then the desk or meeting mode.

The desk (app/explorer/) and meeting mode (app/meeting/) are laid out by their own packages; the choice
between them is made here, so the desk never imports meeting mode. Roles in
``governance.roles.MEETING_ONLY_ROLES`` (the viewer) get meeting mode whatever the URL says.
"""

from __future__ import annotations

from dash import Dash, html

from app.explorer import callbacks as explorer_callbacks
from app.explorer import desk
from app.explorer import page as desk_page
from app.explorer.views import VIEWS
from app.meeting import callbacks as meeting_callbacks
from app.meeting import page as meeting
from app.people import confirming, withholding
from app.people.view import PersonView
from app.people.wording import name_of
from app.shell import gate
from app.shell.messages import explain, message
from app.shell.routing import Page
from app.shell.services import Services
from graph import FamilynetError, NotFound


def family_page(pathname: str, search: str, services: Services) -> html.Div:
    uid = gate.family_person_id(pathname)
    if uid is None:
        return message("Person not found", "This address names no person. Search for them instead.")
    depth = desk_page.depth_from(search)
    view = PersonView(services, page=uid)
    try:
        if gate.person_for_access(services, uid) is None:
            return desk_page.not_found()
        family = view.opened_family(uid, depth, "view_person")  # decided per person, audited with all
        if meeting.requested(search) or gate.meeting_only():
            return meeting.page(uid, family, depth, search, services)
        key = desk_page.view_from(search)
        elements = desk.elements_for(key, view, family)
        panel = desk.arrival(view, family, uid)  # open on arrival: its services are audited
        listing = desk.list_for(key, view, family)
    except NotFound:
        return desk_page.not_found()
    except FamilynetError as e:
        return explain(e, services)
    focus = next(r["person"] for r in family.people if r["person"]["uid"] == uid)
    people = desk.people_shown(key, family, elements)
    return desk_page.layout(
        uid, name_of(focus, ""), depth, search, VIEWS[key], elements, people, panel, listing
    )


def register(dash_app: Dash, services: Services) -> dict[str, Page]:
    explorer_callbacks.register(dash_app, services)
    meeting_callbacks.register(dash_app, services)
    confirming.register(dash_app, services)  # [issue 23] a shielded person: confirm before opening
    withholding.register(dash_app, services)  # [issue 23] a decision not to share, from the details
    return {"/family": family_page}
