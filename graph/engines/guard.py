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

And one thing the engine cannot stop: FalkorDB (4.22) builds the whole list of a ``range()`` call
before it checks its time or memory limit, so ``range(1, 1000000000)`` takes about 16 GB and half a
minute whatever the limits say. A ``range()`` whose bounds can be read from the text and the
parameters (numbers, ``$names``, arithmetic) is refused above MAX_RANGE numbers.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any

from graph.errors import QueryTooLarge, WriteRefused

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
MAX_RANGE = 10_000_000  # numbers in one range(): about 160 MB and 0.2 s in the engine
_RANGE_CALL = re.compile(r"\brange\s*\(", re.IGNORECASE)
_PARAMETER = re.compile(r"\$(\w+)")
_ARITHMETIC = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.USub,
    ast.UAdd,
)


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


def refuse_unstoppable_lists(cypher: str, params: dict[str, Any]) -> None:
    """Raise QueryTooLarge, with its position, for a range() of more than MAX_RANGE numbers."""
    code = blank_opaque(cypher)
    for call in _RANGE_CALL.finditer(code):
        bounds = [_number(arg, params) for arg in _arguments(code, call.end())]
        if len(bounds) not in (2, 3) or None in bounds:
            continue  # not readable here: the engine's own limits apply
        start, end, step = bounds[0], bounds[1], bounds[2] if len(bounds) == 3 else 1.0
        if step == 0:
            continue  # the engine refuses it
        size = max(0.0, math.floor((end - start) / step) + 1) if math.isfinite(end - start) else math.inf
        if size > MAX_RANGE:
            raise QueryTooLarge(
                f"range() here makes a list of {_count(size)} numbers, and the graph engine builds a list "
                f"whole before it can stop a query (about 16 bytes a number); at most {MAX_RANGE:,} are "
                "allowed in one range()",
                call.start() + 1,
            )


def _arguments(code: str, start: int) -> list[str]:
    """The top-level, comma-separated arguments of the call whose "(" ends just before start."""
    depth, args, begin = 0, [], start
    for i in range(start, len(code)):
        char = code[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return [*args, code[begin:i]]
            depth -= 1
        elif char == "," and depth == 0:
            args.append(code[begin:i])
            begin = i + 1
    return []  # unbalanced: the engine reports the syntax error


def _number(text: str, params: dict[str, Any]) -> float | None:
    """The value of a bound written with numbers, parameters and + - * / % ^, or None."""

    def value(match: re.Match[str]) -> str:
        v = params.get(match.group(1))
        return repr(float(v)) if isinstance(v, int | float) and not isinstance(v, bool) else "None"

    try:
        tree = ast.parse(_PARAMETER.sub(value, text).replace("^", "**").strip(), mode="eval")
    except SyntaxError:
        return None
    if not all(isinstance(node, _ARITHMETIC) for node in ast.walk(tree)):
        return None
    if not all(
        isinstance(n.value, int | float) and not isinstance(n.value, bool)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
    ):
        return None
    return _evaluate(tree.body)


def _evaluate(node: ast.AST) -> float | None:
    """Floating-point arithmetic, so that a huge power becomes infinity instead of a huge integer."""
    try:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.UnaryOp):
            operand = _evaluate(node.operand)
            return None if operand is None else (-operand if isinstance(node.op, ast.USub) else operand)
        if isinstance(node, ast.BinOp):
            left, right = _evaluate(node.left), _evaluate(node.right)
            if left is None or right is None:
                return None
            operations = {
                ast.Add: float.__add__,
                ast.Sub: float.__sub__,
                ast.Mult: float.__mul__,
                ast.Div: float.__truediv__,
                ast.FloorDiv: float.__truediv__,
                ast.Mod: math.fmod,
                ast.Pow: float.__pow__,
            }
            return operations[type(node.op)](left, right)
    except OverflowError:
        return math.inf
    except (ZeroDivisionError, ValueError, KeyError):
        return None
    return None


def _count(size: float) -> str:
    return "more than 10^18" if size > 1e18 else f"{int(size):,}"
