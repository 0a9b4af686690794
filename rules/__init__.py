"""Disclosure rules: what a worker may see about each service, enforced on the server in one place.

The explorer, the JSON API and CSV exports call these functions; nothing here imports the web app.
"""

from rules.config import SCOPE_ANYONE, SCOPE_CASELOAD, Rules, RulesError, SourceRules, load_rules
from rules.disclosure import (
    CURRENT,
    HISTORIC,
    NONE_FOUND,
    NOT_COVERED,
    STATUS_LABELS,
    filter_facts,
    in_age_band,
    involvement_view,
    visible_involvements,
    visible_sources,
)
from rules.scope import scope_problem
from rules.status import COVERAGE, SourceStatus, source_statuses

__all__ = [
    "COVERAGE",
    "CURRENT",
    "HISTORIC",
    "NONE_FOUND",
    "NOT_COVERED",
    "SCOPE_ANYONE",
    "SCOPE_CASELOAD",
    "STATUS_LABELS",
    "Rules",
    "RulesError",
    "SourceRules",
    "SourceStatus",
    "filter_facts",
    "in_age_band",
    "involvement_view",
    "load_rules",
    "scope_problem",
    "source_statuses",
    "visible_involvements",
    "visible_sources",
]
