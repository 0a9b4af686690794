"""A possible match's explanation reaches the worker: the person panel draws its waterfall and the
family API returns each comparison's weight, but only between two people seen in full (a relative
shown by name only keeps the score alone: the comparisons would say how their details compare)."""

from __future__ import annotations

from datetime import date

from app.api.family_shapes import family_json
from app.explorer.panels import person_panel
from app.people.family import Family
from app.people.wording import relationship_lines

TODAY = date(2026, 11, 25)
EXPLAINED = {
    "type": "POSSIBLE_MATCH",
    "score": 0.41,
    "reasons": "given name same; family name differs",
    "match_weight": -0.5,
    "prior_weight": -13.4,
    "comparison_names": ["given_name", "family_name", "dob"],
    "comparison_levels": ["exact", "else", "exact"],
    "comparison_weights": [8.9, -9.4, 12.5],
    "comparison_tf_weights": [1.1, 0.0, 0.0],
    "decided_by": "",
}


def person(uid: str, given: str) -> dict:
    return {"uid": uid, "given_name": given, "family_name": "Smith", "dob": "1990-06-14"}


def row(uid: str, given: str, restricted: bool = False) -> dict:
    link = {"start": "A", "end": "B", **{k: v for k, v in EXPLAINED.items() if k != "type"}}
    out = {"person": person(uid, given), "households": [], "involvements": []}
    out["links"] = [{**link, "type": "POSSIBLE_MATCH"}]
    if restricted:
        out["restricted"] = "shown by name only"
    return out


def test_the_family_api_explains_a_possible_match_between_two_people_seen_in_full():
    [match] = family_json(Family("A", [row("A", "Kelly"), row("B", "Kely")]), 2, TODAY)["possibleMatches"]
    assert match["matchWeight"] == -0.5 and match["priorWeight"] == -13.4
    assert match["comparisons"][1] == {"name": "family_name", "level": "else", "weight": -9.4}


def test_the_family_api_gives_only_the_score_for_a_relative_shown_by_name_only():
    family = Family("A", [row("A", "Kelly"), row("B", "Kely", restricted=True)])
    [match] = family_json(family, 2, TODAY)["possibleMatches"]
    assert match == {"personIds": ["A", "B"], "score": 0.41}


def panel(rel: dict) -> str:
    summary = {
        "uid": "A",
        "name": "Kelly Smith",
        "dob": "14 Jun 1990",
        "authorities": "Stockport",
        "other_names": "",
        "services": [],
        "statuses": [],
        "relationships": relationship_lines([rel], TODAY),
        "current_households": [],
        "past_households": [],
    }
    return str(person_panel(summary).to_plotly_json())


def test_the_person_panel_draws_the_waterfall_of_a_possible_match_seen_in_full():
    shown = panel({**EXPLAINED, "outgoing": True, "other": person("B", "Kely")})
    assert "Why: the match weights" in shown and "match-waterfall-B" in shown
    restricted = panel({**EXPLAINED, "outgoing": True, "other": person("B", "Kely"), "restricted": "x"})
    assert "Why: the match weights" not in restricted and "match-waterfall" not in restricted
