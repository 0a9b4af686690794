"""Settings: typed sections, each owned by the package that uses it, read from ``FAMILYNET_*`` once.

``Section`` is what every package's settings are made of: a frozen dataclass whose fields carry their
description (``setting(default, "what it does")``), read from the environment variable
``FAMILYNET_<FIELD>`` by ``from_env`` and checked by the section's own ``check``. This module holds the
graph's section (``GraphSettings``, also ``graph.Settings``); the others are ``loaders/settings.py``,
``governance/settings.py``, ``rules/settings.py`` and ``app/shell/settings.py``, composed into the one
``familynet.Settings`` (familynet/settings.py). Nothing reads the environment at import time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
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
    # The graph engine's own limits, and how long familynet waits for it (docs/operations.md).
    engine_timeout_max_s: float = setting(
        120.0,
        "FalkorDB TIMEOUT_MAX: the engine stops any query, read or write, running longer (a 1,000-row "
        "load batch takes about 0.1 s, so two minutes stops only runaways)",
    )
    engine_socket_timeout_s: float = setting(
        150.0,
        "Every engine command gives up waiting after this long; longer than TIMEOUT_MAX, so silence past "
        "it means the engine is not answering",
    )
    engine_query_memory_mb: int = setting(
        1024, "FalkorDB QUERY_MEM_CAPACITY: the most memory one query may use"
    )
    engine_hang_s: float = setting(
        30.0, "An embedded engine answering no PING (and idle) this long is stopped and started again"
    )
    engine_stop_grace_s: float = setting(
        10.0, "Seconds between SIGTERM and SIGKILL when stopping a hung engine"
    )
    analyst_queries_per_user: int = setting(1, "Analyst queries one user may run at once")
    analyst_queries_at_once: int = setting(
        1, "Analyst queries running at once on this host (the engine's other threads serve the pages)"
    )

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
        self._check_engine_limits()

    def _check_engine_limits(self) -> None:
        numbers = (
            self.engine_timeout_max_s,
            self.engine_socket_timeout_s,
            self.engine_query_memory_mb,
            self.engine_hang_s,
            self.engine_stop_grace_s,
        )
        if not all(n > 0 for n in numbers):  # also refuses NaN
            raise ConfigurationError("the engine's time limits, memory limit and grace periods must be > 0")
        if not self.engine_socket_timeout_s > self.engine_timeout_max_s >= self.query_timeout_s:
            raise ConfigurationError(
                "FAMILYNET_ENGINE_SOCKET_TIMEOUT_S must be longer than FAMILYNET_ENGINE_TIMEOUT_MAX_S, which "
                "must be at least FAMILYNET_QUERY_TIMEOUT_S (the engine stops a query before familynet "
                f"stops waiting for it); got {self.engine_socket_timeout_s:g}, {self.engine_timeout_max_s:g} "
                f"and {self.query_timeout_s:g}"
            )
        if self.analyst_queries_per_user < 1 or self.analyst_queries_at_once < 1:
            raise ConfigurationError("analyst_queries_per_user and analyst_queries_at_once must be >= 1")

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

    @property
    def lock_folder(self) -> Path:
        """Where processes on this host coordinate (analyst query slots): next to the embedded file,
        else a folder per graph in the system's temporary directory."""
        if self.engine == "embedded":
            path = self.embedded_path.resolve()
            return path.with_name(path.name + ".locks")
        key = hashlib.sha256(f"{self.graph_url}#{self.graph_name}".encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"familynet-{key}.locks"


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
