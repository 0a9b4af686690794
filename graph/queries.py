"""Cypher by name: every query familynet runs is a file in cypher/ (analyst library in cypher/analyst/)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from graph.errors import QueryNotFound

HEADER_LINE = re.compile(r"^//\s*(?P<key>[A-Za-z ]+):\s*(?P<value>.*)$")
PARAMETER = re.compile(r"\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (path below cypher/ without the suffix), header and text."""

    name: str
    text: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.header.get("title", self.name.replace("_", " ").split("/")[-1].capitalize())

    @property
    def description(self) -> str:
        return self.header.get("description", self.header.get("purpose", ""))

    @property
    def parameters(self) -> list[str]:
        """Every ``$name`` the query uses, in order of first use."""
        return list(dict.fromkeys(m["name"] for m in PARAMETER.finditer(self.text)))


def cypher_dir() -> Path:
    return Path(str(files("cypher")))


def parse(name: str, source: str) -> NamedQuery:
    """Split a file into its header (the leading ``// Key: value`` comment lines) and its text."""
    header: dict[str, str] = {}
    lines = source.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = i
            break
        match = HEADER_LINE.match(stripped)
        if match:
            key = match["key"].strip().lower()
            header[key] = (header.get(key, "") + " " + match["value"].strip()).strip()
        body_start = i + 1
    return NamedQuery(name=name, text="\n".join(lines[body_start:]).strip(), header=header)


@cache
def all_queries() -> dict[str, NamedQuery]:
    root = cypher_dir()
    found = {}
    for path in sorted(root.rglob("*.cypher")):
        name = path.relative_to(root).with_suffix("").as_posix()
        found[name] = parse(name, path.read_text(encoding="utf-8"))
    return found


def get(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        known = ", ".join(sorted(all_queries())) or "none"
        raise QueryNotFound(f"no query named {name!r} in {cypher_dir()} (known: {known})") from None


def analyst_library() -> list[NamedQuery]:
    return [q for name, q in all_queries().items() if name.startswith("analyst/")]
