"""falkordb-py's answers as familynet's rows: nodes, relationships and paths as plain values
(graph/result.py), a query whose rows of plain values are taken as the server sent them, and a read
that converts only the rows that will be shown."""

from __future__ import annotations

from typing import Any

from falkordb import Edge, Graph, Node, QueryResult
from falkordb import Path as FalkorPath
from redis import ResponseError

from graph import result

QUERY, RO_QUERY = "GRAPH.QUERY", "GRAPH.RO_QUERY"
# the compact answer's cell types (falkordb-py's ResultSetScalarTypes) taken as they come
NULL, STRING, INTEGER, BOOLEAN, DOUBLE, ARRAY = 1, 2, 3, 4, 5, 6


def _send(graph: Graph, command: str, cypher: str, params: dict[str, Any] | None, *extra: Any) -> list:
    """The server's compact answer, as falkordb-py's ``query`` sends the command: the parameters in
    its own header syntax (parameters become Cypher literals there, never by our own formatting)."""
    text = graph._build_params_header(params or None) + cypher
    return graph.execute_command(command, graph.name, text, "--compact", *extra)


def query_rows(graph: Graph, cypher: str, params: dict[str, Any] | None, *, write: bool) -> list[dict]:
    """``graph.query`` (or ``ro_query``) as rows. An answer of plain values only (strings, integers,
    floats, booleans, nulls and lists of them: every lookup a load makes) is taken from the server's
    compact answer cell by cell; falkordb-py's parsing and the conversion after it were a third of a
    load's reading at 1M people. Any other answer (nodes, relationships, paths, maps) and any error
    goes through falkordb-py's own parsing, as before."""
    response = _send(graph, QUERY if write else RO_QUERY, cypher, params)
    if len(response) == 3 and not isinstance(response[-1], ResponseError):
        names = [column[1] for column in response[0]]
        try:
            return [dict(zip(names, [_plain(cell) for cell in row], strict=True)) for row in response[1]]
        except _NotPlain:
            pass
    return rows(QueryResult(graph, response))


class _NotPlain(Exception):
    """A cell falkordb-py must parse (a node, a relationship, a path, a map, a point, a date...)."""


def _plain(cell: list) -> Any:
    """One compact cell as falkordb-py's parse_scalar reads it, for the plain types only."""
    kind, value = cell
    if kind == STRING and type(value) is str:
        return value
    if kind == INTEGER and type(value) is int:
        return value
    if kind == NULL:
        return None
    if kind == ARRAY:
        return [_plain(c) for c in value]
    if kind == BOOLEAN and value in ("true", "false"):
        return value == "true"
    if kind == DOUBLE and type(value) is str:
        return float(value)
    raise _NotPlain


def first_records(
    graph: Graph, cypher: str, params: dict[str, Any], timeout_s: float, keep: int
) -> QueryResult:
    """``graph.ro_query`` that converts only the first ``keep`` records: converting is the slow part
    (about 3 s per million rows), and rows past the limit are not shown."""
    response = _send(graph, RO_QUERY, cypher, params, "timeout", max(1, int(timeout_s * 1000)))
    if len(response) == 3:  # [header, records, statistics]; a query without RETURN has statistics only
        response[1] = response[1][:keep]
    return QueryResult(graph, response)


def columns(answer: Any) -> list[str]:
    return [column[1] if isinstance(column, (list, tuple)) else column for column in answer.header]


def rows(answer: Any) -> list[dict[str, Any]]:
    names = columns(answer)
    return [dict(zip(names, (_value(v) for v in row), strict=True)) for row in answer.result_set]


def _value(value: Any) -> Any:
    if type(value) in result.SCALARS:  # before the isinstance chain: a load reads millions of values
        return value
    if isinstance(value, Node):
        return result.node(value.id, list(value.labels or []), value.properties)
    if isinstance(value, Edge):
        return result.relationship(
            value.id,
            value.relation,
            _node_id(value.src_node),
            _node_id(value.dest_node),
            value.properties,
        )
    if isinstance(value, FalkorPath):
        return result.path([_value(n) for n in value.nodes()], [_value(e) for e in value.edges()])
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return result.plain(value)


def _node_id(node: Any) -> Any:
    return node.id if isinstance(node, Node) else node
