"""A family as the graph returns it (rows of get_family_network), and as a worker may see it.

``shown_family`` is the cross-authority policy in one pure function: people the worker may see in full
keep their rows; a relative who is not (known only to another authority, or outside every reason the
worker gave) is shown by name and relationship only; anyone reached only through such a relative is
left out. The person-view service (view.py) decides who is seen in full and calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RELATIVE_KEYS = ("uid", "given_name", "family_name")  # all a relative shown by name carries
LINK_KEYS = ("type", "start", "end", "score", "decided_by")  # to such a relative: no dates, sources, weights


@dataclass(frozen=True)
class Family:
    """The people around a focus person (rows of get_family_network), each with households,
    involvements and links; a row with ``restricted`` is a relative shown by name and relationship."""

    focus: str
    people: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_rows(cls, focus: str, rows: list[dict[str, Any]]) -> Family:
        return cls(focus=focus, people=rows)

    @property
    def found(self) -> bool:
        return any(row["person"]["uid"] == self.focus for row in self.people)

    def uids(self) -> list[str]:
        return [row["person"]["uid"] for row in self.people]

    def in_full(self) -> list[str]:
        """The people shown with their details (the audit entry's ``people``)."""
        return [row["person"]["uid"] for row in self.people if not row.get("restricted")]

    def by_name_only(self) -> list[str]:
        """The relatives shown by name and relationship only (the audit entry's ``relatives``)."""
        return [row["person"]["uid"] for row in self.people if row.get("restricted")]


def _other(link: dict[str, Any], uid: str) -> str | None:
    return link.get("end") if link.get("start") == uid else link.get("start")


def _links(row: dict[str, Any], allowed: set[str], relatives: set[str]) -> list[dict[str, Any]]:
    """The row's links to people in ``allowed``; a link touching a relative loses its dates (a parent
    link's "since" is the child's date of birth), detail and sources."""
    uid, out = row["person"]["uid"], []
    for link in row.get("links") or []:
        if not link or _other(link, uid) not in allowed or link.get("start") == link.get("end"):
            continue
        touches = {link.get("start"), link.get("end")} & relatives
        out.append({k: link.get(k) for k in LINK_KEYS} if touches else link)
    return out


def shown_family(focus: str, rows: list[dict[str, Any]], full: set[str], why: Callable[[str], str]) -> Family:
    """The family a worker may see (see the module docstring); ``full``: the uids seen in full, ``why``
    the words for a relative who is not."""
    if focus not in full:
        return Family(focus, [])
    in_rows = {row["person"]["uid"] for row in rows}
    relatives = {
        _other(link, row["person"]["uid"])
        for row in rows
        if row["person"]["uid"] in full
        for link in row.get("links") or []
        if link
    }
    relatives = (relatives & in_rows) - full
    shown = full | relatives
    people = []
    for row in rows:
        uid = row["person"]["uid"]
        if uid in full:
            people.append({**row, "links": _links(row, shown, relatives)})
        elif uid in relatives:
            people.append(
                {
                    "person": {k: row["person"].get(k) for k in RELATIVE_KEYS},
                    "households": [],
                    "involvements": [],
                    "links": _links(row, full, relatives),
                    "restricted": why(uid),
                }
            )
    return Family(focus, people)
