"""A one-page family summary for the strategy meeting, /family/<uid>/summary (printable HTML) and
/family/<uid>/summary.pdf (WeasyPrint): who is in the family, which services and lead practitioners,
last contacts, and open questions derived from the data. Always redacted like meeting mode: no dates
of birth, addresses, phone numbers or e-mails; ``?names=initials`` prints initials only.

The same decision as the family page, through the person-view service: the person seen in full (role,
authority, a reason covering them this session), relatives not seen in full by name and relationship
only, and an audit entry naming everyone in the summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import flask

from app.explorer.elements import is_child
from app.meeting.redaction import display_name, family_initials
from app.meeting.timeline import ordered_people
from app.people.family import Family
from app.people.relations import relation_to_focus
from app.people.view import PersonView
from app.people.wording import age_on, service_rows, show_date
from app.shell import gate
from app.shell.messages import AuditFailed
from app.shell.services import Services
from governance import roles
from graph import FamilynetError, Forbidden, NotFound
from rules import NOT_COVERED, SourceStatus

log = logging.getLogger(__name__)
REASON_FIRST = "Open the family first and give your reason; then the summary can be made."


@dataclass
class Summary:
    title: str
    today: str
    people: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    not_covered: list[str] = field(default_factory=list)  # one line per source that covers not everyone


def build_summary(
    family: Family,
    checks: dict[str, list[SourceStatus]],
    today: date,
    fresh_days: int,
    ageing_days: int,
    initials: bool,
) -> Summary:
    """The summary's content from get_family_network rows (after the disclosure rules) and, per person
    the user may see, their source checks; pure, so the page and the PDF say the same."""
    focus = next(r["person"] for r in family.people if r["person"]["uid"] == family.focus)
    short = family_initials([r["person"] for r in family.people]) if initials else {}
    summary = Summary(
        f"Family of {short.get(focus['uid']) or display_name(focus, initials)}", show_date(today.isoformat())
    )
    matches: set[frozenset[str]] = set()
    uncovered: dict[str, tuple[list[str], list[str]]] = {}  # source -> (names, reasons)
    names = {
        r["person"]["uid"]: short.get(r["person"]["uid"]) or display_name(r["person"], initials)
        for r in family.people
    }
    for row in ordered_people(family):
        person = row["person"]
        name, age = names[person["uid"]], age_on(person.get("dob"), today)
        if row.get("restricted"):  # a relative shown by name and relationship only
            summary.people.append(
                {
                    "name": name,
                    "relation": relation_to_focus(family, person["uid"], names),
                    "age": "not shown",
                    "group": "Not shown",
                    "services": "not shown",
                }
            )
            summary.questions.append(
                f"{name}: not shown here (known only to another authority's sources, or outside this "
                "family's reason); ask the authority that knows them."
            )
            continue
        involvements = [
            {**inv, "person_name": name} for inv in row.get("involvements") or [] if inv.get("service")
        ]
        rows = service_rows(involvements, today, fresh_days, ageing_days)
        current = [r for r in rows if r["status"] not in ("historic", "closed")]
        summary.people.append(
            {
                "name": name,
                "relation": relation_to_focus(family, person["uid"], names),
                "age": "not recorded" if age is None else str(age),
                "group": "Child" if is_child(person, today) else "Adult",
                "services": len({r["service"] for r in current}),
            }
        )
        summary.services.extend(rows)
        if not rows:
            summary.questions.append(f"{name}: no service involvement is recorded in any loaded source.")
        for r in current:
            if r["freshness"] == "stale":
                summary.questions.append(
                    f"{name}: no contact from {r['service']} in over {ageing_days} days "
                    f"(last: {r['last_contact']})."
                )
            elif r["freshness"] == "unknown":
                summary.questions.append(f"{name}: {r['service']} has no contact recorded.")
            if not r["lead_practitioner"]:
                summary.questions.append(f"{name}: {r['service']} names no lead practitioner.")
        for check in checks.get(person["uid"], []):
            if check.status == NOT_COVERED:
                names_here, reasons = uncovered.setdefault(check.name, ([], []))
                names_here.append(name)
                reason = check.text.split(": ", 1)[-1]
                if reason not in reasons:
                    reasons.append(reason)
        for link in row.get("links") or []:
            pair = frozenset((link.get("start"), link.get("end")))
            if link["type"] == "POSSIBLE_MATCH" and pair <= names.keys() and pair not in matches:
                matches.add(pair)
                a, b = (names[u] for u in (link["start"], link["end"]))
                summary.questions.append(f"Are {a} and {b} the same person? (possible match, not merged)")
    for source, (who, reasons) in sorted(uncovered.items()):
        people = ", ".join(who[:-1]) + f" and {who[-1]}" if len(who) > 1 else who[0]
        summary.not_covered.append(
            f"{source} does not cover {people}: {'; '.join(reasons)} — ask that agency directly."
        )
    return summary


def _refuse(status: int, text: str) -> flask.Response:
    return flask.Response(flask.render_template("summary_refused.html", text=text), status=status)


def _gather(
    services: Services, uid: str, action: str, kind: str
) -> tuple[Summary | None, flask.Response | None]:
    """The summary of the family of ``uid`` through the person-view service: the person seen in full
    (role, authority, a reason covering them this session), meeting mode allowed, and an audit entry
    naming everyone in it (``action``) written before anything is made."""
    view = PersonView(services, page=uid)
    decision = view.may(roles.MEETING, uid)
    if not decision.allowed:
        return None, _refuse(403, decision.reason)
    depth = min(3, max(1, flask.request.args.get("depth", 2, type=int)))
    initials = flask.request.args.get("names") == "initials"
    try:
        family = view.opened_family(uid, depth, action, format=kind)
        checks = {}
        for person_uid in family.in_full():
            if view.needs_confirmation(person_uid):  # [issue 23] a shielded person: named, not opened
                continue
            details = view.person(person_uid)
            checks[person_uid] = details["statuses"] if details else []
    except Forbidden as e:
        return None, _refuse(403, REASON_FIRST if str(e) == gate.NEEDS_REASON else str(e))
    except NotFound:
        return None, _refuse(404, "No person with this id is in the graph.")
    except AuditFailed:
        return None, _refuse(503, "The summary could not be recorded in the audit trail, so it is not made.")
    except FamilynetError as e:
        log.error("summary query failed: %s", e)
        return None, _refuse(503, "The graph database is not answering; try again in a minute.")
    settings = services.settings
    summary = build_summary(family, checks, view.today, settings.fresh_days, settings.ageing_days, initials)
    return summary, None


def register(server: flask.Flask, services: Services) -> None:
    bp = flask.Blueprint("summary", __name__, template_folder="templates")

    @bp.get("/family/<uid>/summary")
    def family_summary(uid: str) -> flask.Response | str:
        summary, refused = _gather(services, uid, "view_summary", "html")
        if refused is not None:
            return refused
        return flask.render_template(
            "summary.html", s=summary, pdf=False, uid=uid, query=flask.request.query_string.decode()
        )

    @bp.get("/family/<uid>/summary.pdf")
    def family_summary_pdf(uid: str) -> flask.Response:
        if not gate.decide(services, roles.EXPORT, uid).allowed:
            return _refuse(403, "Your role may not export; use the printable page instead.")
        summary, refused = _gather(services, uid, "export_summary", "pdf")
        if refused is not None:
            return refused
        from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for

        page = flask.render_template("summary.html", s=summary, pdf=True, uid=uid, query="")
        pdf = HTML(string=page).write_pdf()
        return flask.Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="family-summary-{uid}.pdf"'},
        )

    server.register_blueprint(bp)
