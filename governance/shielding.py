"""Shields: where they are kept, and the set a request is judged by.

Two places, on purpose. A shield a *source* states (a column of its extract) is written by the loader
onto the graph's Person or Household (``shielded``, ``shield_reason``, ``shield_review``): it travels
with the data it protects, is there before any screen reads the person, and the next extract keeps
stating it. A shield an *administrator* sets is a row of ``shields`` in the governance database: the
web app never writes the graph, the row says who set it and when, it is lifted (never deleted), and
it survives the graph being rebuilt from the extracts (subjects are the loader's stable ids).
``shield_set`` reads both into one ``rules.shielding.ShieldSet``, once per request.

Workers' confirmations that they mean to open a shielded person are rows of ``shield_confirmations``
(per user, person and login session); each is audited by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from governance.access import Decision
from governance.tables import ShieldConfirmationRow, ShieldRow
from graph import Forbidden, GraphStore, QueryResult
from rules.disclosure import parse_date
from rules.shielding import Shield, ShieldSet

REASON_CATEGORIES = (
    "domestic abuse (refuge)",
    "adoption",
    "witness or victim protection",
    "court order",
    "other risk of serious harm",
)
KINDS = ("person", "address")
MAX_REVIEW_DAYS = 3 * 366  # a shield is reviewed at least every three years


class ShieldError(ValueError):
    """A shield that cannot be set or lifted; the message says what to change."""


class ShieldConfirmationNeeded(Forbidden):
    """A shielded person is opened only after a further confirmation (recorded and audited)."""

    def __init__(self, person: str, message: str) -> None:
        super().__init__(message)
        self.person = person


CONFIRM_TEXT = (
    "This person is shielded: where they live, their school and their GP are never shown. Opening them is "
    "recorded with your name; confirm that you need to."
)


@dataclass(frozen=True)
class ConfirmFirst(Decision):
    """Not yet: the worker's role may open this shielded person once they confirm (recorded)."""

    person: str = ""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def validate(reason: str, review: str | date, today: date) -> tuple[str, str]:
    """A reason category from the list and a review date after today (within three years)."""
    reason = " ".join((reason or "").split())
    if reason.casefold() not in {c.casefold() for c in REASON_CATEGORIES}:
        raise ShieldError(f"choose the reason category from: {', '.join(REASON_CATEGORIES)}")
    day = review if isinstance(review, date) else parse_date(review)
    if day is None:
        raise ShieldError("give the review date as YYYY-MM-DD")
    if day <= today or (day - today).days > MAX_REVIEW_DAYS:
        raise ShieldError("the review date must be after today and within three years")
    return next(c for c in REASON_CATEGORIES if c.casefold() == reason.casefold()), day.isoformat()


class ShieldStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, kind: str, subject: str, reason: str, review: str, set_by: str) -> Shield:
        if kind not in KINDS or not subject:
            raise ShieldError("a shield is of a person or an address, by its id")
        row = ShieldRow(kind=kind, subject=subject, reason=reason, review=review, set_by=set_by, set_at=now())
        with Session(self.engine) as session, session.begin():
            session.add(row)
            session.flush()
            return _shield(row)

    def lift(self, ident: int, by: str) -> Shield:
        with Session(self.engine) as session, session.begin():
            row = session.get(ShieldRow, ident)
            if row is None or row.lifted_at:
                raise ShieldError(f"no shield {ident} is in force")
            row.lifted_by, row.lifted_at = by, now()
            return _shield(row)

    def active(self) -> list[Shield]:
        query = select(ShieldRow).where(ShieldRow.lifted_at.is_(None)).order_by(ShieldRow.id)
        with Session(self.engine) as session:
            return [_shield(r) for r in session.scalars(query)]

    def confirm(self, user: str, person: str, session_id: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(
                ShieldConfirmationRow(user_name=user, person_id=person, session_id=session_id, at=now())
            )

    def confirmed(self, user: str, person: str, session_id: str) -> bool:
        query = (
            select(ShieldConfirmationRow.id)
            .where(ShieldConfirmationRow.user_name == user)
            .where(ShieldConfirmationRow.person_id == person)
            .where(ShieldConfirmationRow.session_id == session_id)
            .limit(1)
        )
        with Session(self.engine) as session:
            return session.scalars(query).first() is not None


def _shield(row: ShieldRow) -> Shield:
    return Shield(row.subject, row.kind, row.reason, row.review, row.set_by, "administrator", row.id)


def shield_set(store: GraphStore, shields: ShieldStore) -> ShieldSet:
    """Every shield in force, from the graph (sources' columns) and the governance database
    (administrators), with the homes they withhold and the people living there now."""
    admin = shields.active()
    by_person = {s.uid: s for s in admin if s.kind == "person"}
    by_address = {s.uid: s for s in admin if s.kind == "address"}
    people = []
    rows = store.read("list_shielded_people", uids=sorted(by_person))
    for row in sorted(rows, key=lambda r: r.get("match_of") is not None):  # a person's own shield first
        of = row.get("match_of")
        chosen = by_person.get(of or row["uid"])  # an administrator's shield (of the person matched)
        reason = chosen.reason if chosen else row.get("reason") or ""
        shield = Shield(
            row["uid"],
            "person",
            f"possible match of a shielded person ({reason})" if of else reason,
            chosen.review if chosen else row.get("review") or "",
            chosen.set_by if chosen else ", ".join(s for s in row.get("sources") or [] if s),
            chosen.origin if chosen and not of else "source" if not chosen else "administrator",
            chosen.ident if chosen and not of else None,
        )
        people.append((shield, row.get("postcode") or "", row.get("homes") or []))
    addresses = []
    for row in store.read("list_shielded_households", uids=sorted(by_address)):
        shield = by_address.get(row["uid"]) or Shield(
            row["uid"], "address", row.get("reason") or "", row.get("review") or "", row.get("source") or ""
        )
        addresses.append((shield, {k: row.get(k) for k in ("uid", "address", "postcode")}))
    first = ShieldSet.build(people, addresses)
    if not first:
        return first
    homes = sorted(first.households)
    codes = sorted({h.get("postcode") for _, _, hs in people for h in hs if h and h.get("postcode")})
    codes = sorted(set(codes) | {a.get("postcode") for _, a in addresses if a.get("postcode")})
    residents = [r["uid"] for r in store.read("list_withheld_residents", households=homes, postcodes=codes)]
    return ShieldSet.build(people, addresses, residents)


def overdue(shield: Shield, today: date) -> bool:
    review = parse_date(shield.review)
    return review is None or review < today


def scrubbed(result: QueryResult, store: GraphStore, shields: ShieldStore) -> QueryResult:
    """An analyst query's result with every withheld address and postcode replaced: raw Cypher can
    return anything the graph holds, so this is the last line of defence, not the design (see
    docs/security.md: give analysts a reader account that cannot read addresses in production)."""
    found = shield_set(store, shields)
    if not found:
        return result
    return replace(result, rows=[found.scrub(row) for row in result.rows])
