"""The box a panel (or the family page) shows instead of a shielded person until the worker confirms
they mean to open them. Only the layout: the callback that records the confirmation is
app/people/confirming.py, and whether one is needed is decided by the person-view service."""

from __future__ import annotations

from dash import html

CONFIRM = "shield-confirm"  # the button: {"type": CONFIRM, "person": uid}
CONFIRM_BOX = "shield-confirm-box"  # what the button replaces: {"type": CONFIRM_BOX, "person": uid}


def confirm_box(person: str, text: str) -> html.Div:
    return html.Div(
        id={"type": CONFIRM_BOX, "person": person},
        className="panel-message panel-warn shield-confirm",
        role="status",
        children=[
            html.H3("Shielded person"),
            html.P(text),
            html.Button(
                "I need to open this person: confirm", id={"type": CONFIRM, "person": person}, n_clicks=0
            ),
        ],
    )
