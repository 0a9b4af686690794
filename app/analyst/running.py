"""The analyst console's rules, without Dash: parameters, one audited run, positions in the text.

The page and ``familynet query`` both run analyst Cypher through ``run_audited``, so both get the
same read-only path, limits and audit entry.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from graph import FamilynetError, GraphStore, GraphUnavailable, QueryResult, QueryTimeout, WriteRefused
from graph.queries import NamedQuery

log = logging.getLogger(__name__)

AUDIT_ACTION = "analyst_query"
# "$days (integer, default 90)" in a query's "// Parameters:" header line.
PARAMETER_SPEC = re.compile(r"\$(?P<name>[A-Za-z_]\w*)\s*\((?P<spec>[^)]*)\)")
DEFAULT = re.compile(r"default\s+(?P<value>.+)$", re.IGNORECASE)


class ParameterError(ValueError):
    """The parameters the analyst gave cannot be read."""


class Recorder(Protocol):
    def record(self, actor: str, action: str, **detail: Any) -> Any: ...


@dataclass(frozen=True)
class Outcome:
    """What one run of an analyst query came to: a result, or an error to show with its position."""

    kind: str  # ok | refused | timeout | error | bad_parameters | unavailable
    result: QueryResult | None = None
    message: str = ""
    position: int | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def parameter_defaults(query: NamedQuery, today: date) -> dict[str, Any]:
    """Defaults declared in the header, typed by their declared kind; ``default today`` is today's date."""
    values: dict[str, Any] = {}
    for match in PARAMETER_SPEC.finditer(query.header.get("parameters", "")):
        kind, _, rest = match["spec"].partition(",")
        default = DEFAULT.search(rest.strip())
        if default:
            values[match["name"]] = _typed(kind.strip().lower(), default["value"].strip(), today)
    return values


def _typed(kind: str, raw: str, today: date) -> Any:
    if raw.lower() == "today":
        return today.isoformat()
    try:
        if kind == "integer":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind in ("boolean", "list", "map"):
            return json.loads(raw)
    except ValueError:
        log.warning("parameter default %r is not a valid %s; passing it as text", raw, kind)
    return raw.strip("'\"")


def parse_params(text: str | None) -> dict[str, Any]:
    """The parameters box: a JSON object, or nothing."""
    if not text or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        where = f"line {e.lineno}, column {e.colno}"
        raise ParameterError(f"parameters are not valid JSON: {e.msg} ({where})") from e
    if not isinstance(value, dict):
        raise ParameterError('parameters must be a JSON object, e.g. {"days": 90}')
    return value


def parse_param_pairs(pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """``--param k=v`` options: v is read as JSON when it is valid JSON (90, true, ["a"]), else as text."""
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param {pair!r}: write it as name=value")
        try:
            values[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            values[name.strip()] = raw
    return values


def line_and_column(text: str, position: int | None) -> tuple[int, int] | None:
    """The 1-based line and column of a 1-based offset into the text."""
    if position is None or position < 1:
        return None
    before = text[: position - 1].split("\n")
    return len(before), len(before[-1]) + 1


def run_audited(
    store: GraphStore,
    audit: Recorder,
    actor: str,
    cypher: str,
    params: dict[str, Any],
    *,
    timeout_s: float | None = None,
    row_limit: int | None = None,
    **where: Any,
) -> Outcome:
    """Run analyst Cypher read-only and limited, and record the run, whatever its outcome.

    The audit entry is written before the result is returned; if it cannot be written, the
    exception propagates and the caller shows nothing. ``where`` (e.g. the analyst's projection) goes
    into the entry too.
    """
    outcome = _run(store, cypher, params, timeout_s, row_limit, actor)
    result = outcome.result
    audit.record(
        actor,
        AUDIT_ACTION,
        **where,
        query=cypher,
        params=params,
        rows=len(result.rows) if result else 0,
        truncated=bool(result and result.truncated),
        elapsed_ms=round(result.elapsed_ms, 1) if result else None,
        outcome=outcome.kind,
        error=outcome.message or None,
    )
    return outcome


def record_bad_parameters(
    audit: Recorder, actor: str, cypher: str, raw: Any, message: str, **extra: Any
) -> Outcome:
    """A run that never reached the engine because its parameters (or its time limit) could not be
    read is recorded too."""
    audit.record(
        actor,
        AUDIT_ACTION,
        **extra,
        query=cypher,
        params=raw,
        rows=0,
        truncated=False,
        elapsed_ms=None,
        outcome="bad_parameters",
        error=message,
    )
    return Outcome("bad_parameters", message=message)


def _run(
    store: GraphStore,
    cypher: str,
    params: dict[str, Any],
    timeout_s: float | None,
    row_limit: int | None,
    actor: str,
) -> Outcome:
    if not cypher.strip():
        return Outcome("error", message="the query is empty")
    try:
        result = store.read_only_text(cypher, params, timeout_s=timeout_s, row_limit=row_limit, owner=actor)
    except WriteRefused as e:
        return Outcome("refused", message=str(e), position=e.position)
    except QueryTimeout as e:
        return Outcome("timeout", message=str(e))
    except GraphUnavailable as e:
        return Outcome("unavailable", message=str(e))
    except FamilynetError as e:
        return Outcome("error", message=str(e), position=getattr(e, "position", None))
    return Outcome("ok", result=result)


def describe_error(cypher: str, outcome: Outcome) -> str:
    """One line for the page and the CLI: the message, and where in the query when known."""
    where = line_and_column(cypher, outcome.position)
    return f"{outcome.message} (line {where[0]}, column {where[1]})" if where else outcome.message


def truncation_notice(result: QueryResult, row_limit: int) -> str | None:
    if not result.truncated:
        return None
    return (
        f"Showing the first {row_limit} rows of more: the query returned more than the row limit. "
        "Add LIMIT, or narrow the query, to see the rest."
    )
