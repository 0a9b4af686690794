"""What an exported picture says around the drawing, decided on the server: a title, the date and who
made it, the legend, the sources with their dates (and whether each is stale), and the
OFFICIAL-SENSITIVE marking, at the top and at the bottom as the Government Security Classifications
ask. The browser draws the file from cytoscape's own PNG or SVG and this (assets/explorer_export.js),
so the picture is exactly what the worker sees, on a white background.
"""

from __future__ import annotations

from typing import Any

from app.explorer.views import VIEWS
from app.people.view import PersonView
from app.people.wording import name_of, show_date, stale_badge
from app.shell import auth
from graph import NotFound

MARKING = "OFFICIAL-SENSITIVE"
HANDLING = "Contains personal data about children and families. Share only with those who need it."
GLYPHS = {  # legend swatch class -> the mark the file draws for it
    "g-male": "□",
    "g-female": "○",
    "g-unknown": "◇",
    "g-unborn": "△",
    "swatch-focus": "◉",
    "g-couple": "—●—",
    "g-ex": "- / -",
    "g-descent": "┬",
    "g-step": "- - ▸",
    "g-foster": "— — ▸",
    "g-kinship": "—·—▸",
    "g-carer": "··· ▸",
    "g-sibling": "⌒",
    "swatch-match": "- - -",
    "g-home": "▭",
    "swatch-child": "●",
    "swatch-adult": "■",
    "swatch-household": "◆",
    "swatch-service": "▶",
    "swatch-family": "→",
    "swatch-partner": "—",
    "swatch-past": "···",
    "e-recent": "■",
    "e-ageing": "■",
    "e-stale": "■",
    "e-unknown": "■",
    "e-current": "——",
    "e-historic": "···",
    "e-stale-source": "▭",
}
COLOURS = {"e-recent": "#067647", "e-ageing": "#b54708", "e-stale": "#b42318", "e-unknown": "#667085"}


def export_spec(view: PersonView, focus: str, kind: str, view_key: str, plain: bool) -> dict[str, Any]:
    """Everything the browser writes around the picture; the caller has checked EXPORT and audits."""
    row = view.details(focus)
    if row is None:
        raise NotFound("This person is no longer in the graph.", "Person not found")
    person = row["person"]
    picture = VIEWS[view_key] if VIEWS[view_key].picture else VIEWS["network"]
    account = auth.current_account()
    sources = []
    for source in view.visible_sources(person):
        as_of = source.get("current_as_of") or source.get("extract_date")
        line = f"{source.get('name') or source.get('uid')}: correct as of {show_date(as_of)}"
        why = stale_badge(source, view.today)
        sources.append(line + (f" — STALE ({why})" if why else ""))
    suffix = "-no-addresses" if plain else ""
    return {
        "kind": kind,
        "filename": f"family-{focus}-{picture.key}{suffix}.{kind}",
        "marking": MARKING,
        "handling": HANDLING,
        "title": f"Family of {name_of(person)} — {picture.label.lower()}",
        "subtitle": f"Prepared {show_date(view.today.isoformat())}"
        + (f" by {account.name}" if account else "")
        + " from familynet"
        + (" · addresses left out" if plain else ""),
        "legend": [
            {"mark": GLYPHS.get(cls, "■"), "text": text, "colour": COLOURS.get(cls, "#1b1f24")}
            for cls, text in picture.legend
        ],
        "sources": sources or ["No sources are loaded."],
        "plain": plain,
    }
