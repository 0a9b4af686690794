"""The review queue and the one rule of who may see a pair, decided from what the graph says.

A data steward sees a possible match when at least one of its two people is known to the steward's
authority (a match across a boundary is reviewed by either side). The queue is read with the
steward's authority as its scope (``list_review_pairs``); a pair a callback names is read again the
same way, so an id the browser made up or took from another authority's queue finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from governance import roles
from governance.access import can
from governance.users import User
from graph import GraphStore
from rules.shielding import ShieldSet

QUEUE_LIMIT = 200
SEP = "|"
# Fields of the two source records shown side by side (record key, label)
FIELDS = (
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("other_names", "Other names"),
    ("dob", "Date of birth"),
    ("dob_raw", "Date of birth as written"),
    ("gender", "Gender"),
    ("address", "Address"),
    ("postcode", "Postcode"),
    ("nhs_number", "NHS number"),
    ("upn", "UPN"),
)


@dataclass(frozen=True)
class Pair:
    a: dict[str, Any]
    b: dict[str, Any]
    match: dict[str, Any]
    a_record: dict[str, Any]
    b_record: dict[str, Any]

    @property
    def id(self) -> str:
        return pair_id(self.a["uid"], self.b["uid"])

    @property
    def score(self) -> float:
        return float(self.match.get("score") or 0.0)

    @property
    def sources(self) -> list[str]:
        return list(self.match.get("sources") or [])

    @property
    def authorities(self) -> list[str]:
        return sorted(set(self.a.get("authorities") or []) | set(self.b.get("authorities") or []))


def pair_id(a: str, b: str) -> str:
    return f"{a}{SEP}{b}"


def split_id(value: Any) -> tuple[str, str] | None:
    """The two person ids a pair id names, or None for anything else the browser may send."""
    if not isinstance(value, str) or value.count(SEP) != 1:
        return None
    a, b = value.split(SEP)
    return (a, b) if a and b else None


def read(
    store: GraphStore,
    account: User,
    shields: ShieldSet,
    source: str | None = None,
    authority: str | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[Pair]:
    """The pairs this steward may review, most uncertain first (unsure ones last)."""
    rows = store.read(
        "list_review_pairs",
        scope=account.authority,
        source=source or None,
        authority=authority or None,
        a=None,
        b=None,
        limit=limit,
    )
    pairs = [_pair(r) for r in rows]
    return [p for p in pairs if may_see(account, p, shields)]


def find(store: GraphStore, account: User, shields: ShieldSet, a: str, b: str) -> Pair | None:
    """The pair a and b (either way round), if it is still waiting and this steward may see it."""
    rows = store.read(
        "list_review_pairs", scope=account.authority, source=None, authority=None, a=a, b=b, limit=1
    )
    found = [_pair(r) for r in rows]
    return found[0] if found and may_see(account, found[0], shields) else None


def may_see(account: User | None, pair: Pair, shields: ShieldSet) -> bool:
    """The steward's role and authority against either side of the pair, as ``governance.access`` says;
    never a pair with a shielded person or a withheld address in it (``withheld``)."""
    if withheld(pair, shields):
        return False
    return any(
        can(
            account, roles.REVIEW_MATCHES, {"id": p["uid"], "authorities": p.get("authorities") or []}
        ).allowed
        for p in (pair.a, pair.b)
    )


def withheld(pair: Pair, shields: ShieldSet) -> bool:
    """Does the pair hold a shielded person (a data steward may not know they exist) or a withheld
    address (never shown to anyone)? Such pairs are reviewed from the command line by whoever the data
    owner names (``familynet matching queue`` / ``decide``), not on this page."""
    if any(shields.located(p.get("uid"), []) for p in (pair.a, pair.b)):
        return True
    for record in (pair.a_record, pair.b_record, pair.a, pair.b):
        home = {"address": record.get("address") or "", "postcode": record.get("postcode") or ""}
        if shields.postcode_withheld(home["postcode"]) or shields.home_withheld(home):
            return True
    return False


def differences(pair: Pair) -> list[tuple[str, str, str, str]]:
    """(label, record a's value, record b's value, how they compare) for each field either record
    holds: "same", "differs", or "one side" (one record has no value: no evidence either way)."""
    a = pair.a_record or pair.a
    b = pair.b_record or pair.b
    rows = []
    for key, label in FIELDS:
        left, right = str(a.get(key) or ""), str(b.get(key) or "")
        if left or right:
            state = (
                "one side" if not (left and right) else "same" if _norm(left) == _norm(right) else "differs"
            )
            rows.append((label, left, right, state))
    return rows


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def _pair(row: dict[str, Any]) -> Pair:
    return Pair(row["a"], row["b"], row["match"] or {}, row["a_record"] or {}, row["b_record"] or {})
