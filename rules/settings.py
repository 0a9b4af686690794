"""The disclosure rules' one setting: which council rules file applies."""

from __future__ import annotations

from dataclasses import dataclass

from graph.settings import Section, setting


@dataclass(frozen=True)
class RulesSettings(Section):
    rules_file: str = setting("", "The council's disclosure rules (TOML); empty: rules/default_rules.toml")
