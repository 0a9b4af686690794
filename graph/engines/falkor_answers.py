"""falkordb-py's answers as familynet's rows: nodes, relationships and paths as plain values
(graph/result.py), and a read that converts only the rows that will be shown."""

from __future__ import annotations

from typing import Any

from falkordb import Edge, Graph, Node, QueryResult
from falkordb import Path as FalkorPath

from graph import result

RO_QUERY = "GRAPH.RO_QUERY"


def first_records(
    graph: Graph, cypher: str, params: dict[str, Any], timeout_s: float, keep: int
) -> QueryResult:
    """``graph.ro_query`` that converts only the first ``keep`` records: converting is the slow part
    (about 3 s per million rows), and rows past the limit are not shown."""
    text = graph._build_params_header(params or None) + cypher  # falkordb-py's own parameter syntax
    command = [RO_QUERY, graph.name, text, "--compact", "timeout", max(1, int(timeout_s * 1000))]
    response = graph.execute_command(*command)
    if len(response) == 3:  # [header, records, statistics]; a query without RETURN has statistics only
        response[1] = response[1][:keep]
    return QueryResult(graph, response)


def columns(answer: Any) -> list[str]:
    return [column[1] if isinstance(column, (list, tuple)) else column for column in answer.header]


def rows(answer: Any) -> list[dict[str, Any]]:
    names = columns(answer)
    return [dict(zip(names, (_value(v) for v in row), strict=True)) for row in answer.result_set]


_SCALARS = frozenset({str, int, float, bool, type(None)})  # returned as they are: most values are


def _value(value: Any) -> Any:
    if type(value) in _SCALARS:  # before the isinstance chain: a load's reads convert millions of values
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
