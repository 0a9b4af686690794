"""The gate before anything about a person is shown: role rules per page, authority scope, and the reason.

``decide`` is role and authority (``governance.access.can``, refusals audited); ``reason_for`` is the
access reason that covers a person this session; the person-view service (app/people/seen.py) puts the
two together into the one decision per person shown. ``check`` is what routing calls before it lays a
family page out. The person's access row (who knows them), the session's reasons and each reason's
reach are read once per request, however often a request asks.

One reason per family: a reason given for a person covers everyone within ``FAMILY_REACH`` family
links of them (the widest family page), so the worker is not asked again at every relative. Opening
the family of someone it covers (their page, the API's family, the summary, expanding them on the
desk) records the same reason for that person (``record_for_family``): it is recorded per person
viewed, and their own family is then covered in turn, one audited step at a time.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, unquote

import flask
from dash.development.base_component import Component

from app.shell import auth
from app.shell.gate_views import reason_form, refusal
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can
from governance.justification import Justification
from graph import FamilynetError

log = logging.getLogger(__name__)

# (path prefix, action the role needs); "/" is the search page itself, not every path.
PAGE_RULES: tuple[tuple[str, str], ...] = (
    ("/family", roles.VIEW_FAMILY),
    ("/analyst", roles.RUN_QUERY),
    ("/admin", roles.REVIEW_AUDIT),
    ("/matches", roles.REVIEW_MATCHES),
    ("/meeting", roles.MEETING),
)
UNKNOWN = "Access cannot be checked while the graph is not answering ({})."
FAMILY_REACH = 3  # family links: the widest family page; list_family_reach.cypher follows the same links
NEEDS_REASON = (
    "No reason for opening this family has been given this session: open the family page and give the "
    "case reference and purpose first."
)


def page_action(pathname: str) -> str | None:
    if pathname == "/":
        return roles.SEARCH
    for prefix, action in PAGE_RULES:
        if pathname == prefix or pathname.startswith(prefix + "/"):
            return action
    return None


def family_person_id(pathname: str) -> str | None:
    rest = pathname.removeprefix("/family/")
    return unquote(rest.strip("/")) if pathname.startswith("/family/") and rest.strip("/") else None


def meeting_only() -> bool:
    """True for roles that may only ever see a family in meeting mode (the viewer)."""
    account = auth.current_account()
    return account is not None and account.role in roles.MEETING_ONLY_ROLES


def _cache(name: str) -> dict[str, Any]:
    """A dict kept for this request only (a new one per call outside a request)."""
    return flask.g.setdefault(name, {}) if flask.has_request_context() else {}


def person_for_access(services: Services, person_id: str) -> dict[str, Any] | None:
    """The graph's access row for a person (id, authorities), read once per request; None: unknown."""
    cache = _cache("familynet_access")
    if person_id not in cache:
        rows = services.store().read("get_person_access", id=person_id)
        cache[person_id] = rows[0] if rows else None
    return cache[person_id]


def people_for_access(services: Services, person_ids: list[str]) -> None:
    """Read the access rows of many people in one query (a family, a panel) into this request's cache."""
    cache = _cache("familynet_access")
    wanted = sorted({p for p in person_ids if p not in cache})
    if not wanted:
        return
    found = {row["id"]: row for row in services.store().read("list_people_access", ids=wanted)}
    for person_id in wanted:
        cache[person_id] = found.get(person_id)


def session_reasons(services: Services) -> list[Justification]:
    """The reasons the signed-in user has given (or had recorded) in this session, newest first."""
    cache = _cache("familynet_reasons")
    account = auth.current_account()
    if account is None:
        return []
    if "reasons" not in cache:
        cache["reasons"] = auth.governance().justifications.for_session(account.name, auth.session_id())
    return cache["reasons"]


def reach(services: Services, person_id: str) -> frozenset[str]:
    """Everyone a reason given for this person covers: the person and everyone within FAMILY_REACH links."""
    cache = _cache("familynet_reach")
    if person_id not in cache:
        rows = services.store().read("list_family_reach", uid=person_id)
        cache[person_id] = frozenset(rows[0]["uids"] if rows else []) | {person_id}
    return cache[person_id]


def reason_for(services: Services, person_id: str, first: str | None = None) -> Justification | None:
    """The reason that covers this person this session: one given for them, else one given for someone
    whose family (``reach``) they are in, trying ``first`` (the page's person) before the others.
    Its ``person_id`` names the person the reason was given for."""
    reasons = session_reasons(services)
    own = [r for r in reasons if r.person_id == person_id]
    if own:
        return own[0]
    given_for = sorted({r.person_id for r in reasons}, key=lambda p: p != first)
    for other in given_for:
        if person_id in reach(services, other):
            return next(r for r in reasons if r.person_id == other)
    return None


def reason_detail(reason: Justification | None) -> dict[str, Any]:
    """The reason as audit-entry fields: the case, the purpose, and whom it was given for."""
    if reason is None:
        return {}
    return {
        "case_reference": reason.case_reference,
        "purpose": reason.purpose,
        "reason_given_for": reason.person_id,
    }


def record_for_family(services: Services, person_id: str, reason: Justification) -> Justification:
    """Opening the family of a person covered by a relative's reason records that reason for them too
    (recorded per person viewed; their own family is covered from now on). Returns their reason."""
    if reason.person_id == person_id:
        return reason
    record_justification(
        services, person_id, reason.case_reference, reason.purpose, covered_by=reason.person_id
    )
    return next(r for r in session_reasons(services) if r.person_id == person_id)


def decide(services: Services, action: str, person_id: str | None = None) -> Decision:
    """May the signed-in user do ``action`` (to this person)? Role and authority only; refusals go to
    the audit trail. Whether a person may be shown also needs a reason that covers them: that whole
    decision is ``PersonView.seen`` (app/people/view.py), which every surface asks.
    """
    account = auth.current_account()
    person = None
    if person_id is not None:
        try:
            person = person_for_access(services, person_id)
        except FamilynetError as e:
            return Decision(False, UNKNOWN.format(e))
        if person is None:
            person = {"id": person_id, "authorities": []}  # unknown: nobody's authority knows them
    decision = can(account, action, person)
    if not decision.allowed:
        audited(services, "access_refused", attempted=action, person_id=person_id, reason=decision.reason)
    return decision


def check(pathname: str, services: Services, search: str = "") -> Component | None:
    """None when the page may render; otherwise what to show instead (refusal or reason form; its
    name in initials when the page asked for initials, ``search``)."""
    action = page_action(pathname)
    if action is None:
        return None  # no such page: routing shows "not found"
    account = auth.current_account()
    person_id = family_person_id(pathname) if action == roles.VIEW_FAMILY else None
    if person_id is None:
        decision = decide(services, action)
        return None if decision.allowed else refusal(decision.reason)
    try:
        person = person_for_access(services, person_id)
    except FamilynetError as e:
        return refusal(UNKNOWN.format(e))
    if person is None:
        return None if can(account, action).allowed else refusal(can(account, action).reason)
    decision = decide(services, action, person_id)
    if not decision.allowed:
        return refusal(decision.reason)
    try:
        reason = reason_for(services, person_id)
        if reason is None:
            return reason_form(services, person_id, initials=initials_asked(search))
        reason = record_for_family(services, person_id, reason)
    except FamilynetError as e:
        return refusal(UNKNOWN.format(e))
    audited(services, "view_family", person_id=person_id, **reason_detail(reason))
    return None


def record_justification(
    services: Services, person_id: str, case_reference: str, purpose: str, covered_by: str | None = None
) -> None:
    """Keep a validated reason for this user, person and session; audited (the page and the API).
    ``covered_by``: the relative whose reason this is, recorded for this person under the family rule."""
    account = auth.current_account()
    auth.governance().justifications.record(
        account.name, person_id, auth.session_id(), case_reference, purpose
    )
    _cache("familynet_reasons").pop("reasons", None)
    extra = {"covered_by": covered_by} if covered_by else {}
    audited(
        services,
        "justification",
        person_id=person_id,
        case_reference=case_reference,
        purpose=purpose,
        **extra,
    )


def initials_asked(search: str | None) -> bool:
    """Did the page ask for names in initials (meeting mode on a shared screen), or is the role one
    that only ever gets meeting mode?"""
    return parse_qs((search or "").lstrip("?")).get("names") == ["initials"] or meeting_only()
