"""Governance's settings: where users, reasons and the audit trail live, and the reasons a worker may give."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ConfigurationError
from graph.settings import Section, setting

PUBLISHED_KEYS = frozenset({"familynet-demo-only"})  # the fallback key of earlier versions: never again
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
    audit_key: str = setting(
        "", "HMAC key of the audit chain; empty: a key file generated in the data folder"
    )
    audit_key_file: str = setting("", "Where the generated audit key is kept; empty: the data folder")
    justification_purposes: str = setting(
        PURPOSES, "The purposes a worker may give for opening a family, |-separated"
    )

    def check(self) -> None:
        if not self.purposes:
            raise ConfigurationError("FAMILYNET_JUSTIFICATION_PURPOSES must list at least one purpose")
        if self.audit_key in PUBLISHED_KEYS:
            raise ConfigurationError(
                "FAMILYNET_AUDIT_KEY is a key published with familynet's source; "
                "leave it empty (a key is generated) or set a long random one"
            )

    @property
    def purposes(self) -> list[str]:
        return [p.strip() for p in self.justification_purposes.split("|") if p.strip()]
