"""One typed settings object; nothing reads the environment at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import ConfigurationError

DEFAULT_GRAPH_URL = "embedded://data/familynet.db"
ENGINE_SCHEMES = {
    "embedded": "embedded",
    "falkordb": "falkordb",
    "neo4j": "neo4j",
    "neo4j+s": "neo4j",
    "neo4j+ssc": "neo4j",
    "bolt": "neo4j",
    "bolt+s": "neo4j",
    "bolt+ssc": "neo4j",
}


@dataclass(frozen=True)
class Settings:
    """Everything familynet can be configured with.

    The graph is chosen by one URL: ``embedded://PATH`` (FalkorDB embedded in a local file, the
    default), ``falkordb://host:port`` (a FalkorDB server) or ``neo4j://``/``bolt://`` (Neo4j).
    """

    graph_url: str = DEFAULT_GRAPH_URL
    graph_name: str = "familynet"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    query_timeout_s: float = 10.0
    query_row_limit: int = 1000
    write_batch_size: int = 1000
    match_threshold: float = 0.90  # match probabilities (Fellegi-Sunter): at or above, records merge
    possible_match_threshold: float = 0.25  # at or above (and below the first), kept for review
    match_model: str = (
        "data/match-model.json"  # `familynet matching train` writes it; absent: the shipped one
    )
    fresh_days: int = 30
    ageing_days: int = 90
    today: str | None = None  # ISO date; fixes "today" for demos and tests
    # users, reasons and the audit trail (SQLAlchemy URL)
    audit_url: str = "sqlite:///data/familynet-audit.db"
    secret_key: str = ""
    production: bool = False
    session_idle_minutes: int = 30  # signed out after this long without a request
    session_max_hours: int = 10  # and after this long in any case (one working day)
    secure_cookies: bool = False  # Secure flag on cookies; always on in production (HTTPS)
    login_rate_limit: str = "5 per minute"  # failed sign-ins per client address (flask-limiter syntax)
    rate_limit_storage_url: str = "memory://"  # redis://… when several instances share one limit
    justification_purposes: str = (  # "|"-separated; the purposes a worker may give for opening a family
        "Child protection enquiry (s47)|Child in need assessment (s17)|Looked-after child review|"
        "Early help assessment|Multi-agency meeting preparation"
    )
    rules_file: str = ""  # the council's disclosure rules (TOML); empty: rules/default_rules.toml
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.engine not in ("embedded", "falkordb", "neo4j"):
            raise ConfigurationError(
                f"FAMILYNET_GRAPH_URL {self.graph_url!r}: unknown scheme; use embedded://PATH, "
                "falkordb://HOST:PORT, neo4j://HOST:PORT or bolt://HOST:PORT"
            )
        if self.engine != "embedded":
            self._check_server_url()
        if not 0 < self.possible_match_threshold <= self.match_threshold <= 1:
            raise ConfigurationError(
                "match thresholds must satisfy 0 < possible_match_threshold <= match_threshold <= 1, "
                f"got {self.possible_match_threshold} and {self.match_threshold}"
            )
        if not 0 < self.fresh_days <= self.ageing_days:
            raise ConfigurationError("fresh_days must be positive and no more than ageing_days")
        if self.query_timeout_s <= 0 or self.query_row_limit <= 0 or self.write_batch_size <= 0:
            raise ConfigurationError("timeouts, row limits and batch sizes must be positive")
        if self.session_idle_minutes <= 0 or self.session_max_hours <= 0:
            raise ConfigurationError("session_idle_minutes and session_max_hours must be positive")
        if not self.purposes:
            raise ConfigurationError("FAMILYNET_JUSTIFICATION_PURPOSES must list at least one purpose")
        if self.today is not None:
            try:
                date.fromisoformat(self.today)
            except ValueError as e:
                raise ConfigurationError(
                    f"FAMILYNET_TODAY={self.today!r} is not an ISO date (YYYY-MM-DD)"
                ) from e
        if self.production and not self.secret_key:
            raise ConfigurationError(
                "FAMILYNET_SECRET_KEY is required when FAMILYNET_PRODUCTION=1; refusing to start"
            )

    def _check_server_url(self) -> None:
        """A server URL needs a host and a numeric port (the drivers fail late and obscurely)."""
        url = urlsplit(self.graph_url)
        try:
            url.port  # noqa: B018 - parsing the port is the check
        except ValueError as e:
            raise ConfigurationError(
                f"FAMILYNET_GRAPH_URL {self.graph_url!r}: the port is not a number"
            ) from e
        if not url.hostname:
            raise ConfigurationError(f"FAMILYNET_GRAPH_URL {self.graph_url!r}: no host name")

    @property
    def purposes(self) -> list[str]:
        return [p.strip() for p in self.justification_purposes.split("|") if p.strip()]

    @property
    def engine(self) -> str:
        return ENGINE_SCHEMES.get(urlsplit(self.graph_url).scheme, "unknown")

    @property
    def embedded_path(self) -> Path:
        """The database file of the embedded engine (relative paths are from the working dir)."""
        url = urlsplit(self.graph_url)
        return Path(url.netloc + url.path)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ``FAMILYNET_*`` variables, e.g. FAMILYNET_GRAPH_URL."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"FAMILYNET_{f.name.upper()}")
            if raw is None or f.name == "extra":
                continue
            values[f.name] = _coerce(f.name, str(f.type), raw)
        return cls(**values)


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def _coerce(name: str, type_name: str, raw: str) -> object:
    try:
        if type_name == "bool":
            word = raw.strip().lower()
            if word not in TRUE_WORDS + FALSE_WORDS:
                raise ValueError(word)  # FAMILYNET_PRODUCTION=ture must not quietly mean "no"
            return word in TRUE_WORDS
        if type_name == "int":
            return int(raw)
        if type_name == "float":
            return float(raw)
    except ValueError as e:
        raise ConfigurationError(f"FAMILYNET_{name.upper()}={raw!r} is not a valid {type_name}") from e
    if "None" in type_name and not raw.strip():
        return None  # an empty optional setting means "not set"
    return raw
