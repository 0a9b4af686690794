"""Disclosure rules read from a council's TOML file (defaults in rules/default_rules.toml).

One ``Rules`` object answers "which rules apply to this source?": the ``[defaults]``, then the
source's ``[service_types.<type>]``, then its own ``[sources.<id>]``, each overriding the keys it sets.
Nothing here imports the web app: the screens, the API and exports all call into this package.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_RULES_FILE = Path(__file__).with_name("default_rules.toml")
SCOPE_ANYONE, SCOPE_CASELOAD = "anyone", "caseload"
SUPPORTED_SCOPES = (SCOPE_ANYONE,)  # "caseload" needs caseloads in the case-management extract
INVOLVEMENT_FIELDS = ("team", "start", "end", "last_contact", "status", "reason", "practitioner", "contact")
SOURCE_KEYS = {
    "min_age",
    "max_age",
    "inclusion",
    "fields",
    "facts",
    "current_label",
    "found_label",
    "lookback",
    "only_when",
    "capped",
}


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and what to change."""


@dataclass(frozen=True)
class Capped:
    """At most ``limit`` facts of ``kind`` whose value is one of ``types``; others only as yes/no."""

    kind: str
    limit: int
    types: tuple[str, ...]


@dataclass(frozen=True)
class SourceRules:
    min_age: int | None = None
    max_age: int | None = None
    inclusion: str = ""
    fields: tuple[str, ...] = INVOLVEMENT_FIELDS
    facts: tuple[str, ...] = ()
    current_label: bool = True
    found_label: str = ""
    lookback: dict[str, int] = field(default_factory=dict)  # fact kind (or kind:detail) -> months
    only_when: dict[str, dict[str, Any]] = field(default_factory=dict)  # fact kind -> {value, detail_over}
    capped: Capped | None = None

    def band_text(self) -> str:
        if self.min_age is not None and self.max_age is not None:
            return f"ages {self.min_age} to {self.max_age}"
        if self.min_age is not None:
            return f"ages {self.min_age} and over"
        return f"ages up to {self.max_age}" if self.max_age is not None else ""


@dataclass(frozen=True)
class Rules:
    path: Path
    defaults: dict[str, Any]
    by_type: dict[str, dict[str, Any]]
    by_source: dict[str, dict[str, Any]]
    scope: str = SCOPE_ANYONE
    case_management_type: str = "social_care"
    page_size: int = 20

    def for_source(self, source_uid: str | None, service_type: str | None) -> SourceRules:
        return _resolve(self, source_uid or "", service_type or "")

    @property
    def scope_supported(self) -> bool:
        return self.scope in SUPPORTED_SCOPES


def load_rules(path: str | Path | None = None) -> Rules:
    """The council's rules file, or the defaults when none is set."""
    return _load(Path(path) if path else DEFAULT_RULES_FILE)


@lru_cache(maxsize=8)
def _load(path: Path) -> Rules:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise RulesError(f"rules file {path} not found (FAMILYNET_RULES_FILE)") from e
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"rules file {path} is not valid TOML: {e}") from e
    search = doc.get("search", {})
    scope = search.get("scope", SCOPE_ANYONE)
    if scope not in (SCOPE_ANYONE, SCOPE_CASELOAD):
        raise RulesError(f"{path}: [search] scope must be {SCOPE_ANYONE!r} or {SCOPE_CASELOAD!r}")
    rules = Rules(
        path=path,
        defaults=doc.get("defaults", {}),
        by_type=doc.get("service_types", {}),
        by_source=doc.get("sources", {}),
        scope=scope,
        case_management_type=str(search.get("case_management_type", "social_care")),
        page_size=int(search.get("page_size", 20)),
    )
    tables = [("defaults", rules.defaults)]
    tables += [(f"service_types.{k}", v) for k, v in rules.by_type.items()]
    tables += [(f"sources.{k}", v) for k, v in rules.by_source.items()]
    for where, table in tables:
        unknown = set(table) - SOURCE_KEYS
        if unknown:
            raise RulesError(
                f"{path}: [{where}] has unknown keys {sorted(unknown)}; use {sorted(SOURCE_KEYS)}"
            )
    for stype in rules.by_type:
        _resolve(rules, "", stype)  # every table is checked when the file is read, not on first use
    for uid in rules.by_source:
        _resolve(rules, uid, "")
    return rules


def _resolve(rules: Rules, source_uid: str, service_type: str) -> SourceRules:
    merged: dict[str, Any] = {}
    for table in (rules.defaults, rules.by_type.get(service_type, {}), rules.by_source.get(source_uid, {})):
        for key, value in table.items():
            if key in ("lookback", "only_when") and isinstance(value, dict):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    try:
        capped = merged.get("capped")
        return SourceRules(
            min_age=_int_or_none(merged.get("min_age")),
            max_age=_int_or_none(merged.get("max_age")),
            inclusion=str(merged.get("inclusion", "")),
            fields=tuple(merged.get("fields", INVOLVEMENT_FIELDS)),
            facts=tuple(merged.get("facts", ())),
            current_label=bool(merged.get("current_label", True)),
            found_label=str(merged.get("found_label", "")),
            lookback={str(k): int(v) for k, v in merged.get("lookback", {}).items()},
            only_when={str(k): dict(v) for k, v in merged.get("only_when", {}).items()},
            capped=Capped(
                str(capped["kind"]), int(capped["limit"]), tuple(t.lower() for t in capped["types"])
            )
            if capped
            else None,
        )
    except (KeyError, TypeError, ValueError) as e:
        where = f"sources.{source_uid}" if source_uid else f"service_types.{service_type}"
        raise RulesError(f"{rules.path}: [{where}] is not valid: {e!r}") from e


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)
