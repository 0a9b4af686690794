"""What the possible matches page shows: the queue and one pair's records side by side with the waterfall."""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from app.matches.queue import Pair, differences
from app.matches.waterfall import waterfall

PAIR_BUTTON = "matches-pair"


def queue_list(pairs: list[Pair]) -> Component:
    if not pairs:
        return html.P("Nothing waiting for review.", className="empty-state", id="matches-empty")
    return html.Ol(
        className="matches-list",
        children=[
            html.Li(
                html.Button(
                    id={"type": PAIR_BUTTON, "pair": p.id},
                    n_clicks=0,
                    className="matches-pair" + (" unsure" if p.match.get("decision") == "unsure" else ""),
                    children=[
                        html.Span(f"{p.score:.0%}", className="matches-score"),
                        html.Span(f"{_name(p.a_record or p.a)} · {_name(p.b_record or p.b)}"),
                        html.Small(", ".join(p.sources) + (" · marked not sure" if _unsure(p) else "")),
                    ],
                )
            )
            for p in pairs
        ],
    )


def nothing_chosen() -> Component:
    return html.P("Choose a pair from the queue.", className="empty-state", id="matches-none")


def detail(pair: Pair) -> Component:
    """The two source records side by side (differences marked), then the explanation."""
    a, b = pair.a_record or pair.a, pair.b_record or pair.b
    return html.Div(
        id="matches-pair-detail",
        className="matches-pair-detail",
        children=[
            html.H3(f"Match probability {pair.score:.0%}"),
            html.Table(
                className="table matches-compare",
                children=[
                    html.Thead(
                        html.Tr([html.Th(""), _heading(a, pair.a["uid"]), _heading(b, pair.b["uid"])])
                    ),
                    html.Tbody(
                        [
                            html.Tr(
                                [html.Th(label), html.Td(left or "—"), html.Td(right or "—")],
                                className=state.replace(" ", "-"),
                            )
                            for label, left, right, state in differences(pair)
                        ]
                    ),
                ],
            ),
            html.P(
                "Highlighted rows differ between the two records; grey rows are held by one record only.",
                className="hint",
            ),
            waterfall(pair.match),
        ],
    )


def _heading(record: dict, person: str) -> Component:
    source = record.get("source_name") or record.get("source") or "person"
    extract = f" · extract {record['extract_date']}" if record.get("extract_date") else ""
    return html.Th(
        [html.Div(source), html.Small(f"record {record.get('record_id', '')}{extract} · person {person}")]
    )


def _name(record: dict) -> str:
    return " ".join(str(record.get(k) or "") for k in ("given_name", "family_name")).strip() or "(no name)"


def _unsure(pair: Pair) -> bool:
    return pair.match.get("decision") == "unsure"
