"""Governance's settings: where users, reasons and the audit trail live, and the reasons a worker may give."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ConfigurationError
from graph.settings import Section, setting

PURPOSES = (
    "Child protection enquiry (s47)|Child in need assessment (s17)|Looked-after child review|"
    "Early help assessment|Multi-agency meeting preparation"
)


@dataclass(frozen=True)
class GovernanceSettings(Section):
    audit_url: str = setting(
        "sqlite:///data/familynet-audit.db",
        "Users, reasons and the audit trail: a SQLite file or a PostgreSQL URL",
    )
    justification_purposes: str = setting(
        PURPOSES, "The purposes a worker may give for opening a family, |-separated"
    )

    def check(self) -> None:
        if not self.purposes:
            raise ConfigurationError("FAMILYNET_JUSTIFICATION_PURPOSES must list at least one purpose")

    @property
    def purposes(self) -> list[str]:
        return [p.strip() for p in self.justification_purposes.split("|") if p.strip()]
