"""The one settings object: every package's section, built from the environment in one place.

Each package owns its settings (fields, defaults, descriptions, checks): the graph (graph/settings.py),
matching (loaders/settings.py), governance (governance/settings.py), the disclosure rules
(rules/settings.py) and the web app (app/shell/settings.py). ``Settings`` is all of them at once, so
``Settings.from_env()`` reads every ``FAMILYNET_*`` variable once and ``Settings(graph_url=…,
audit_url=…)`` takes any field; code that needs one section takes that section's type and is handed
this object (it is an instance of every section). ``markdown_table`` writes the README's table.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields

from app.shell.settings import WebSettings
from governance.settings import GovernanceSettings
from graph.settings import GraphSettings, env_var
from loaders.settings import MatchSettings
from rules.settings import RulesSettings

SECTIONS = (GraphSettings, MatchSettings, GovernanceSettings, RulesSettings, WebSettings)


@dataclass(frozen=True)
class Settings(WebSettings, RulesSettings, GovernanceSettings, MatchSettings, GraphSettings):
    """Everything familynet can be configured with (see the module docstring)."""


def markdown_table() -> str:
    """The README's table of settings, from the fields' own metadata."""
    owners = {
        GraphSettings: "graph",
        MatchSettings: "loaders",
        GovernanceSettings: "governance",
        RulesSettings: "rules",
        WebSettings: "app",
    }
    lines = ["| Variable | Default | Used by | What it does |", "| --- | --- | --- | --- |"]
    for section in SECTIONS:
        for f in fields(section):
            default = "" if f.default is MISSING or f.default in ("", None) else str(f.default)
            if len(default) > 40:
                default = default[:37] + "…"
            description = f.metadata["description"].replace("|", "\\|")
            shown = f"`{default}`".replace("|", "\\|") if default else ""
            lines.append(f"| `{env_var(f.name)}` | {shown} | {owners[section]} | {description} |")
    return "\n".join(lines)
