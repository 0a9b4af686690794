"""The API's one gate for every person view, and its errors.

``open_person`` is the gate every person route passes: role, authority scope (404 when the person is
not visible, exactly as when unknown), the access reason (headers, or one given earlier this session),
then the audit entry. ``ApiError`` ends a request with a status the surface chose itself (400, 501);
familynet's own errors (not found, forbidden, unavailable) become status codes in routes.py, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import flask

from app.people.view import PersonView
from app.shell import auth, gate
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import can
from governance.justification import JustificationError, validate
from graph import FamilynetError, Forbidden, NotFound

CASE_HEADER = "X-Access-Case-Reference"
PURPOSE_HEADER = "X-Access-Purpose"
NOT_VISIBLE = "No such person, or not one your authority knows."


class ApiError(FamilynetError):
    """Ends a request with a JSON error: ``{"error": message, ...extra}`` and this status."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


@dataclass(frozen=True)
class Access:
    """A person the signed-in user may see now, and the reason that covers them (given for
    ``given_for``: the person, or a relative under the one-reason-per-family rule)."""

    person_id: str
    case_reference: str
    purpose: str
    given_for: str = ""


def services() -> Services:
    return flask.current_app.extensions["familynet"]


def view() -> PersonView:
    """This request's person view (one per request, so its reads and decisions are shared)."""
    if "familynet_view" not in flask.g:
        flask.g.familynet_view = PersonView(services())
    return flask.g.familynet_view


def audit(action: str, **detail: Any) -> None:
    """Write the audit entry before anything is sent; if it cannot be written, nothing is (503)."""
    audited(services(), action, via="api", **detail)


def require(action: str) -> None:
    """403 when the user's role may not do this at all (e.g. an administrator searching)."""
    view().require(action)


MEETING_ONLY = (
    "Your role sees families only in meeting mode (names and relationships; each address or date of "
    "birth revealed one at a time, with a reason): the API sends whole records, so it is not for this role."
)


def open_person(person_id: str, what: str) -> Access:
    """The one gate for every person view (see the module docstring)."""
    decision = can(auth.current_account(), roles.VIEW_FAMILY)
    if not decision.allowed:
        raise Forbidden(decision.reason)
    if gate.meeting_only():  # the viewer sees families only in meeting mode, redacted, one reveal at a time
        audit("access_refused", attempted="api_" + what, person_id=person_id, reason=MEETING_ONLY)
        raise Forbidden(MEETING_ONLY)
    gate.person_for_access(services(), person_id)  # a graph failure surfaces here as 503, not 404
    decision = view().may(roles.VIEW_FAMILY, person_id)
    if not decision.allowed:  # [issue 23] a shielded person: 403 until X-Confirm-Shielded is sent
        raise view().governed.refusal(decision, NotFound(NOT_VISIBLE))
    reason = _reason(person_id)
    view().forget()  # a reason may have been recorded just now
    audit(
        "view_family",
        person_id=person_id,
        view=what,
        case_reference=reason.case_reference,
        purpose=reason.purpose,
        reason_given_for=reason.given_for,
    )
    return reason


def _reason(person_id: str) -> Access:
    headers = flask.request.headers
    case_reference, purpose = headers.get(CASE_HEADER), headers.get(PURPOSE_HEADER)
    purposes = services().settings.purposes
    given = gate.reason_for(services(), person_id)  # the person's own, or their family's (gate.py)
    if case_reference is None and purpose is None:
        if given is None:
            raise ApiError(
                403,
                f"Say why you are opening this person: send the {CASE_HEADER} and "
                f"{PURPOSE_HEADER} headers (one of the purposes listed).",
                purposes=purposes,
            )
        return Access(person_id, given.case_reference, given.purpose, given.person_id)
    try:
        case_reference, purpose = validate(case_reference or "", purpose or "", purposes)
    except JustificationError as e:
        raise ApiError(400, str(e), purposes=purposes) from e
    if given is None or (given.case_reference, given.purpose, given.person_id) != (
        case_reference,
        purpose,
        person_id,
    ):
        gate.record_justification(services(), person_id, case_reference, purpose)
    return Access(person_id, case_reference, purpose, person_id)


def json_body() -> dict[str, Any]:
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object (Content-Type: application/json).")
    return body
