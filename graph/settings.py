"""Settings: typed sections, each owned by the package that uses it, read from ``FAMILYNET_*`` once.

``Section`` is what every package's settings are made of: a frozen dataclass whose fields carry their
description (``setting(default, "what it does")``), read from the environment variable
``FAMILYNET_<FIELD>`` by ``from_env`` and checked by the section's own ``check``. This module holds the
graph's section (``GraphSettings``, also ``graph.Settings``); the others are ``loaders/settings.py``,
``governance/settings.py``, ``rules/settings.py`` and ``app/shell/settings.py``, composed into the one
``familynet.Settings`` (familynet/settings.py). Nothing reads the environment at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Self
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
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def setting(default: Any, description: str) -> Any:
    """A settings field with its description (for the README's table of settings)."""
    return field(default=default, metadata={"description": description})


def env_var(name: str) -> str:
    return f"FAMILYNET_{name.upper()}"


class Section:
    """The behaviour every settings section shares; sections are frozen dataclasses deriving from it."""

    def __post_init__(self) -> None:
        for klass in reversed(type(self).__mro__):  # each section's own check, once, graph's first
            check = klass.__dict__.get("check")
            if check is not None:
                check(self)

    def with_(self, **changes: object) -> Self:
        """A changed copy, checked again."""
        return replace(self, **changes)  # type: ignore[type-var]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Self:
        """Build the settings from ``FAMILYNET_*`` variables, e.g. FAMILYNET_GRAPH_URL."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            raw = env.get(env_var(f.name))
            if raw is not None:
                values[f.name] = _coerce(f.name, str(f.type), raw)
        return cls(**values)


@dataclass(frozen=True)
class GraphSettings(Section):
    """Which graph, and the limits of every call to it.

    The graph is chosen by one URL: ``embedded://PATH`` (FalkorDB embedded in a local file, the
    default), ``falkordb://host:port`` (a FalkorDB server) or ``neo4j://``/``bolt://`` (Neo4j).
    """

    graph_url: str = setting(
        DEFAULT_GRAPH_URL, "The graph: embedded://PATH, falkordb://HOST:PORT, neo4j://, bolt://"
    )
    graph_name: str = setting("familynet", "The graph's name inside the engine")
    neo4j_user: str = setting("neo4j", "Neo4j user name")
    neo4j_password: str = setting("", "Neo4j password")
    neo4j_database: str = setting("neo4j", "Neo4j database")
    query_timeout_s: float = setting(
        10.0, "Time limit of one query in seconds (the analyst console's ceiling)"
    )
    query_row_limit: int = setting(1000, "Rows an analyst query returns at most")
    write_batch_size: int = setting(1000, "Rows per batched write when loading")

    def check(self) -> None:
        if self.engine not in ("embedded", "falkordb", "neo4j"):
            raise ConfigurationError(
                f"FAMILYNET_GRAPH_URL {self.graph_url!r}: unknown scheme; use embedded://PATH, "
                "falkordb://HOST:PORT, neo4j://HOST:PORT or bolt://HOST:PORT"
            )
        if self.engine != "embedded":
            self._check_server_url()
        if self.query_timeout_s <= 0 or self.query_row_limit <= 0 or self.write_batch_size <= 0:
            raise ConfigurationError("timeouts, row limits and batch sizes must be positive")

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
    def engine(self) -> str:
        return ENGINE_SCHEMES.get(urlsplit(self.graph_url).scheme, "unknown")

    @property
    def embedded_path(self) -> Path:
        """The database file of the embedded engine (relative paths are from the working dir)."""
        url = urlsplit(self.graph_url)
        return Path(url.netloc + url.path)


Settings = GraphSettings  # graph.Settings: the graph's own section (familynet.Settings has them all)


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
        raise ConfigurationError(f"{env_var(name)}={raw!r} is not a valid {type_name}") from e
    if "None" in type_name and not raw.strip():
        return None  # an empty optional setting means "not set"
    return raw
