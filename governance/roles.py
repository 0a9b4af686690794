"""Roles and what each may do. The one table of permissions; ``governance.access.can`` applies it."""

from __future__ import annotations

# Actions the screens ask about (``can(user, action, person)``):
SEARCH = "search"  # find people (results limited to the user's authority)
VIEW_FAMILY = "view_family"  # open /family/<person id>
SEE_CONTACTS = "see_contacts"  # practitioner phone and e-mail
EXPORT = "export"  # PNG/SVG/CSV downloads
MEETING = "meeting"  # meeting mode
RUN_QUERY = "run_query"  # the analyst console (read-only Cypher)
MANAGE_USERS = "manage_users"  # admin page: users
REVIEW_AUDIT = "review_audit"  # admin page: audit trail
REVIEW_MATCHES = "review_matches"  # possible matches page: decide same / not the same / not sure
WRITE_GRAPH = "write_graph"  # no role has it: the web app writes the graph only through match review
SEE_SHIELDED = "see_shielded"  # see that a shielded person is in a family (their location never)
MANAGE_SHIELDS = "manage_shields"  # admin page: shield a person or an address, lift a shield
WITHHOLD = "withhold"  # record a decision not to share a source's facts about a person

ACTIONS = (
    SEARCH,
    VIEW_FAMILY,
    SEE_CONTACTS,
    EXPORT,
    MEETING,
    RUN_QUERY,
    MANAGE_USERS,
    REVIEW_AUDIT,
    REVIEW_MATCHES,
    WRITE_GRAPH,
    SEE_SHIELDED,
    MANAGE_SHIELDS,
    WITHHOLD,
)

ROLES: dict[str, frozenset[str]] = {
    "social_worker": frozenset({SEARCH, VIEW_FAMILY, SEE_CONTACTS, EXPORT, MEETING, SEE_SHIELDED, WITHHOLD}),
    "analyst": frozenset({RUN_QUERY, EXPORT}),  # contact details only when granted per user
    "admin": frozenset({MANAGE_USERS, REVIEW_AUDIT, MANAGE_SHIELDS}),
    # meeting mode on a shared screen; family pages read-only; never a shielded person
    "viewer": frozenset({MEETING, VIEW_FAMILY}),
    # reviews possible matches: sees the two source records of a pair, not families or contacts
    "data_steward": frozenset({REVIEW_MATCHES}),
}

# Actions about one person: allowed only when the person is known to the user's authority.
# A pair of possible matches is the steward's when either of its people is (app/matches/queue.py).
PERSON_SCOPED = frozenset({VIEW_FAMILY, SEE_CONTACTS, EXPORT, MEETING, REVIEW_MATCHES})
# Opening a person's family needs a recorded reason (case reference + purpose) for the session.
NEEDS_JUSTIFICATION = frozenset({VIEW_FAMILY})
# Roles that only ever see a family in meeting mode (redacted, on a shared screen), whatever the URL says.
MEETING_ONLY_ROLES = frozenset({"viewer"})
