"""Issue 23's decisions, for the person-view service: the register's permitted purposes, shields,
retention and decisions not to share, applied at one marked hook per read in view.py.

``Governed`` gathers, once per request, what those decisions are judged by — every source's register
entry (list_sources), the shields in force (governance/shielding.py), the decisions not to share
(governance/withholding.py), the purpose of the worker's recorded reason (read on the server from
governance/justification.py, never from the browser) and whether their role may see shielded
people — and hands the rows to the pure ``rules.governed.Lens``. What it withholds is audited
(``withheld``); a shielded person is opened only after a confirmation, recorded and audited.

Which reason's purpose applies to a person: the reason given for them in this session, else the
last reason given in it (the family opened last). The seam for issue 16's reasons per family.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import flask

from app.shell import auth
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can
from governance.justification import JustificationStore
from governance.shielding import CONFIRM_TEXT, ConfirmFirst, ShieldConfirmationNeeded, ShieldStore, shield_set
from governance.withholding import WithholdingStore
from graph import FamilynetError, Forbidden
from rules.governed import DECISION, LOCATION, PURPOSE, Lens
from rules.shielding import ShieldSet, withhold_home

T = TypeVar("T")
CONFIRM_HEADER = "X-Confirm-Shielded"  # the API's confirmation: the person's id
NOT_VISIBLE = "No such person, or not one your authority knows."
WHY = {PURPOSE: "purpose", DECISION: "decision not to share", LOCATION: "shielded location"}


class Governed:
    """One request's register, shields, decisions and purpose, read once (see the module docstring)."""

    def __init__(self, services: Services, today: date, sources: Callable[[], list[dict[str, Any]]]) -> None:
        self.services, self.today, self.sources = services, today, sources
        self._shields: ShieldSet | None = None
        self._decisions: tuple | None = None
        self._purposes: dict[str, str | None] = {}
        self._confirmed: dict[str, bool] = {}
        self._audited: set[tuple[str, str, str]] = set()

    # --- what the decisions are judged by -------------------------------------------------------
    @property
    def engine(self) -> Any:
        return self.services.audit.engine

    @property
    def shields(self) -> ShieldSet:
        if self._shields is None:
            self._shields = shield_set(self.services.store(), ShieldStore(self.engine))
        return self._shields

    def purpose(self, uid: str | None) -> str | None:
        """The purpose of the reason this worker gave (for this person, else last in this session)."""
        key = uid or ""
        if key not in self._purposes:
            account, sid = auth.current_account(), auth.session_id()
            found = None
            if account is not None and sid:
                store = JustificationStore(self.engine)
                found = (store.find(account.name, uid, sid) if uid else None) or store.latest(
                    account.name, sid
                )
            self._purposes[key] = found.purpose if found else None
        return self._purposes[key]

    def see_shielded(self) -> bool:
        return can(auth.current_account(), roles.SEE_SHIELDED).allowed

    def lens(self, uid: str | None) -> Lens:
        if self._decisions is None:
            self._decisions = tuple(WithholdingStore(self.engine).active())
        account = auth.current_account()
        return Lens(
            today=self.today,
            purpose=self.purpose(uid),
            sources={s["uid"]: s for s in self.sources()},
            shields=self.shields,
            withholdings=self._decisions,
            viewer=account.name if account else None,
            see_shielded=self.see_shielded(),
        )

    # --- hooks (view.py) ------------------------------------------------------------------------
    def may(self, decision: Decision, action: str, uid: str | None) -> Decision:
        """A shielded person: not at all for roles that may not see them; otherwise once confirmed."""
        if not decision.allowed or uid is None or action not in roles.PERSON_SCOPED:
            return decision
        if not self.shields.shielded(uid):
            return decision
        if not self.see_shielded():
            return Decision(False, NOT_VISIBLE)
        if self.confirmed(uid) or self._confirm_by_header(uid):
            return decision
        return ConfirmFirst(False, CONFIRM_TEXT, person=uid)

    def refusal(self, decision: Decision, otherwise: FamilynetError | None = None) -> FamilynetError:
        if isinstance(decision, ConfirmFirst):
            text = decision.reason
            if flask.has_request_context() and flask.request.path.startswith("/api/"):
                text += f" Send the header {CONFIRM_HEADER}: {decision.person} to confirm."
            return ShieldConfirmationNeeded(decision.person, text)
        return otherwise or Forbidden(decision.reason)

    def confirmed(self, uid: str) -> bool:
        if uid not in self._confirmed:
            account, sid = auth.current_account(), auth.session_id()
            self._confirmed[uid] = bool(
                account and sid and ShieldStore(self.engine).confirmed(account.name, uid, sid)
            )
        return self._confirmed[uid]

    def confirm(self, uid: str, via: str) -> None:
        """Record that this worker means to open this shielded person (audited first)."""
        account = auth.current_account()
        audited(self.services, "shield_confirmed", person=uid, via=via)
        ShieldStore(self.engine).confirm(account.name, uid, auth.session_id())
        self._confirmed[uid] = True

    def _confirm_by_header(self, uid: str) -> bool:
        request = flask.request if flask.has_request_context() else None
        if (
            request is None
            or not request.path.startswith("/api/")
            or request.headers.get(CONFIRM_HEADER) != uid
        ):
            return False
        self.confirm(uid, "api")
        return True

    def rows(self, rows: list[dict[str, Any]], focus: str) -> list[dict[str, Any]]:
        """A family's rows (get_family_network); its shielded focus person needs a confirmation."""
        if self.shields.shielded(focus) and self.see_shielded() and not self.confirmed(focus):
            if not self._confirm_by_header(focus):
                raise ShieldConfirmationNeeded(focus, CONFIRM_TEXT)
        governed = self.lens(focus).rows(rows)
        self._audit(governed)
        return governed

    def row(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """One person's row; None when their role may not see this (shielded) person at all."""
        uid = row["person"]["uid"]
        if not self.lens(uid).visible(uid):
            return None
        governed = self.lens(uid).row(row)
        self._audit([governed])
        return governed

    def statuses(self, row: dict[str, Any], statuses: list) -> list:
        return self.lens(row["person"]["uid"]).statuses(row, statuses)

    def household(self, home: dict[str, Any], residents: list[dict[str, Any]]) -> dict[str, Any]:
        """A household panel's home: withheld when it is, or when anyone recorded there (``residents``:
        all of them, not only those on screen) is located: a shielded person's home is never shown."""
        shields = self.shields
        located = any(shields.located((r.get("person") or {}).get("uid"), [home]) for r in residents if r)
        if located or shields.home_withheld(home):
            return withhold_home(home)
        return home

    def visible_link(self, start: str, end: str) -> bool:
        """May a link between these two be shown (neither a shielded person the role may not see)?"""
        lens = self.lens(None)
        return lens.visible(start) and lens.visible(end)

    def findable(self, results: list[T]) -> list[T]:
        """Search results: shielded people only for roles that may see them; no withheld postcode."""
        lens = self.lens(None)
        return [
            replace(r, person=lens.search_person(r.person))  # type: ignore[type-var]
            for r in results
            if lens.visible(r.person.get("uid"))  # type: ignore[attr-defined]
        ]

    def cards(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """list_people_by_uid rows (the API's Person), as they may be sent."""
        lens = self.lens(None)
        return [lens.card(r) for r in rows if lens.visible(r["person"]["uid"])]

    def service_involvements(self, involvements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A service's involvements of the people on screen (get_service_details), each judged for
        its own person."""
        out = []
        for inv in involvements or []:
            person = (inv or {}).get("person") or {}
            lens = self.lens(person.get("uid"))
            if not inv or not lens.visible(person.get("uid")):
                continue
            kept, notes = lens.involvements(person.get("uid", ""), [inv], lens.located(person, []))
            self._audit([{"person": person, "withheld": notes}])
            out += kept
        return out

    def withhold_target(self, uid: str, source: str) -> dict[str, Any] | None:
        """What the decision-not-to-share form needs (app/people/withholding.py); None when the role
        may not record decisions."""
        account = auth.current_account()
        if not can(account, roles.WITHHOLD).allowed:
            return None
        if self._decisions is None:
            self._decisions = tuple(WithholdingStore(self.engine).active())
        mine = [
            {"what": d.what, "review": d.review}
            for d in self._decisions
            if d.person == uid and d.source == source and d.recorded_by == account.name
        ]
        return {"person": uid, "source": source, "mine": mine}

    def _audit(self, rows: list[dict[str, Any]]) -> None:
        """One ``withheld`` entry for what this read held back that this request has not recorded yet."""
        fresh: dict[str, dict[str, str]] = {}
        for row in rows:
            uid = row["person"]["uid"]
            for source, why in (row.get("withheld") or {}).items():
                key = (uid, source, why)
                if why and key not in self._audited:
                    self._audited.add(key)
                    fresh.setdefault(uid, {})[source] = WHY.get(why, why)
        if fresh:
            audited(self.services, "withheld", people=fresh, purpose=self.purpose(rows[0]["person"]["uid"]))
