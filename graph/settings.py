"""One typed settings object; nothing reads the environment at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
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
    match_threshold: float = 0.90
    possible_match_threshold: float = 0.75
    fresh_days: int = 30
    ageing_days: int = 90
    today: str | None = None  # ISO date; fixes "today" for demos and tests
    audit_url: str = "sqlite:///data/familynet-audit.db"  # users, reasons and the audit trail (SQLAlchemy URL)
    secret_key: str = ""
    production: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.engine not in ("embedded", "falkordb", "neo4j"):
            raise ConfigurationError(
                f"FAMILYNET_GRAPH_URL {self.graph_url!r}: unknown scheme; use embedded://PATH, "
                "falkordb://HOST:PORT, neo4j://HOST:PORT or bolt://HOST:PORT"
            )
        if not 0 < self.possible_match_threshold <= self.match_threshold <= 1:
            raise ConfigurationError(
                "match thresholds must satisfy 0 < possible_match_threshold <= match_threshold <= 1, "
                f"got {self.possible_match_threshold} and {self.match_threshold}"
            )
        if not 0 < self.fresh_days <= self.ageing_days:
            raise ConfigurationError("fresh_days must be positive and no more than ageing_days")
        if self.query_timeout_s <= 0 or self.query_row_limit <= 0 or self.write_batch_size <= 0:
            raise ConfigurationError("timeouts, row limits and batch sizes must be positive")
        if self.production and not self.secret_key:
            raise ConfigurationError(
                "FAMILYNET_SECRET_KEY is required when FAMILYNET_PRODUCTION=1; refusing to start"
            )

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


def _coerce(name: str, type_name: str, raw: str) -> object:
    try:
        if type_name == "bool":
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if type_name == "int":
            return int(raw)
        if type_name == "float":
            return float(raw)
    except ValueError as e:
        raise ConfigurationError(f"FAMILYNET_{name.upper()}={raw!r} is not a valid {type_name}") from e
    return raw
