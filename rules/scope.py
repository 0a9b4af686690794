"""Who a worker may search: anyone, or only people linked to a child on their caseload.

Only "anyone" is supported: the case-management extracts carry no caseloads yet. A council that
chooses "caseload" gets no search screen (it is hidden) and 501 from the API, never a search that
quietly ignores its choice.
"""

from __future__ import annotations

from rules.config import SCOPE_CASELOAD, Rules

NOT_SUPPORTED = (
    "This council limits search to people linked to a child on the worker's caseload, which familynet "
    "does not support yet (the case-management extract carries no caseloads). Search is switched off."
)


def scope_problem(rules: Rules) -> str | None:
    """None when search may run; otherwise the sentence to show (screens) or send with 501 (API)."""
    if rules.scope_supported:
        return None
    return (
        NOT_SUPPORTED if rules.scope == SCOPE_CASELOAD else f"Search scope {rules.scope!r} is not supported."
    )
