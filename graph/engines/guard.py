"""Clause checks for analyst Cypher that engines' read-only modes let through.

The engines are the main guard (FalkorDB ``GRAPH.RO_QUERY``, Neo4j read-access transactions with an
``EXPLAIN`` check). Two things get past them or come back as puzzling messages, so they are refused
here first, on the text with comments, strings and quoted names blanked out:

- ``LOAD CSV`` reads files on the database server or fetches web addresses, and FalkorDB runs it as a
  read-only query;
- index and constraint commands, which the engines refuse with messages about other commands;
- Neo4j's administration commands ``SHOW …``/``TERMINATE …`` and the ``USE`` clause: EXPLAIN calls
  ``SHOW TRANSACTIONS`` and ``TERMINATE TRANSACTIONS`` read queries, and they run in a read-access
  transaction, listing every user's running queries with their parameters and stopping them.
"""

from __future__ import annotations

import re

from graph.errors import WriteRefused

# A comment, a quoted string or a backtick-quoted name, in the order Cypher's lexer would see them.
_OPAQUE = re.compile(
    r"//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    r"|'(?:[^'\\]|\\.)*(?:'|\Z)"
    r'|"(?:[^"\\]|\\.)*(?:"|\Z)'
    r"|`[^`]*(?:`|\Z)",
    re.DOTALL,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_SCHEMA_COMMAND = re.compile(
    r"\b(?:CREATE|DROP)\s+(?:(?:RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR|BTREE|UNIQUE)\s+)?"
    r"(?:INDEX|CONSTRAINT)\b",
    re.IGNORECASE,
)
# A clause keyword, not a property (p.show), a label (:Use), a parameter ($use) or a map key ({use: 1}).
_ADMIN_COMMAND = re.compile(r"(?<![.:$\w])\b(?:SHOW|TERMINATE|USE)\b(?!\s*:)", re.IGNORECASE)
READ_ONLY_MESSAGE = "this query would change the graph; only read queries may run here"


def blank_opaque(cypher: str) -> str:
    """The text with comments, strings and quoted names replaced by spaces (offsets unchanged)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), cypher)


def refuse_unsafe_clauses(cypher: str) -> None:
    """Raise WriteRefused, with the clause's 1-based position, for LOAD CSV and schema commands."""
    code = blank_opaque(cypher)
    load = _LOAD_CSV.search(code)
    if load:
        raise WriteRefused(
            "LOAD CSV reads files or web addresses from the database server and is not allowed here",
            load.start() + 1,
        )
    admin = _ADMIN_COMMAND.search(code)
    if admin:
        raise WriteRefused(
            f"{admin.group(0).upper()} is not allowed here: administration commands and other databases "
            "are out of reach of analyst queries (they would show or stop other users' queries)",
            admin.start() + 1,
        )
    schema = _SCHEMA_COMMAND.search(code)
    if schema:
        raise WriteRefused(
            "this query would change the graph's indexes or constraints; only read queries may run here",
            schema.start() + 1,
        )
