"""The possible matches page (app/matches/) on the real embedded engine: the queue's order and scope,
the waterfall's numbers, callbacks that refuse other roles and forged pair ids (audited), and a
decision made on the page that a re-load of the same extracts obeys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import open_page

from app import create_app
from app.matches import page as matches
from app.matches import queue, waterfall
from familynet import Settings
from governance.users import User
from graph import open_store
from loaders.load import load_paths
from loaders.match.explanation import probability_of
from loaders.match.review import current_id, export_decisions, import_decisions
from rules.shielding import ShieldSet

AGENCIES = Path(__file__).parents[2] / "data" / "agencies"
TODAY = date(2026, 11, 25)
STEWARD = User("steph", "data_steward", "STK")

# Five pairs: scores around the review band, one marked unsure, one judged different, one another
# authority's alone. (a)-[POSSIBLE_MATCH]->(b); authorities on the people.
QUEUE_GRAPH = """
CREATE (p1:Person {uid: 'Q1', given_name: 'Ann', authorities: ['STK']}),
       (p2:Person {uid: 'Q2', given_name: 'Anne', authorities: ['MAN']}),
       (p3:Person {uid: 'Q3', given_name: 'Bo', authorities: ['STK']}),
       (p4:Person {uid: 'Q4', given_name: 'Bob', authorities: ['STK']}),
       (p5:Person {uid: 'Q5', given_name: 'Cy', authorities: ['MAN']}),
       (p6:Person {uid: 'Q6', given_name: 'Cyd', authorities: ['MAN']}),
       (p1)-[:POSSIBLE_MATCH {score: 0.80, sources: ['man-health']}]->(p2),
       (p3)-[:POSSIBLE_MATCH {score: 0.45, sources: ['stk-csc']}]->(p4),
       (p4)-[:POSSIBLE_MATCH {score: 0.30, sources: ['stk-police']}]->(p1),
       (p2)-[:POSSIBLE_MATCH {score: 0.50, sources: ['man-health'], decision: 'unsure'}]->(p3),
       (p1)-[:POSSIBLE_MATCH {score: 0.55, sources: ['stk-csc'], decision: 'different'}]->(p3),
       (p5)-[:POSSIBLE_MATCH {score: 0.50, sources: ['man-health']}]->(p6)
"""

# the queue tests have no shielded person (tests/app/matches/test_pentest_findings.py has)
NO_SHIELDS = ShieldSet()


@pytest.fixture
def queue_store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/q.db")) as store:
        store.engine.run(QUEUE_GRAPH, {}, write=True)
        yield store


def ids(pairs: list[queue.Pair]) -> list[str]:
    return [p.id for p in pairs]


def test_the_queue_is_most_uncertain_first_unsure_last_and_only_the_stewards_pairs(queue_store):
    assert ids(queue.read(queue_store, STEWARD, NO_SHIELDS)) == ["Q3|Q4", "Q4|Q1", "Q1|Q2", "Q2|Q3"]
    manchester = User("mo", "data_steward", "MAN")
    assert ids(queue.read(queue_store, manchester, NO_SHIELDS)) == ["Q5|Q6", "Q1|Q2", "Q2|Q3"]


def test_the_queue_filters_by_source_and_authority_within_the_stewards_scope(queue_store):
    assert ids(queue.read(queue_store, STEWARD, NO_SHIELDS, source="man-health")) == ["Q1|Q2", "Q2|Q3"]
    assert ids(queue.read(queue_store, STEWARD, NO_SHIELDS, authority="MAN")) == [
        "Q1|Q2",
        "Q2|Q3",
    ]  # not Q5|Q6
    assert queue.find(queue_store, STEWARD, NO_SHIELDS, "Q6", "Q5") is None  # Manchester's alone
    assert queue.find(queue_store, STEWARD, NO_SHIELDS, "Q3", "Q1") is None  # judged different
    assert queue.find(queue_store, STEWARD, NO_SHIELDS, "Q2", "Q1").id == "Q1|Q2"  # either way round
    worker = User("w", "social_worker", "STK")
    assert queue.read(queue_store, worker, NO_SHIELDS) == []


EXPLANATION = {
    "score": 0.82,
    "reasons": "given name nickname; family name same; DOB same; same postcode, another address",
    "match_weight": 2.19,
    "prior_weight": -13.5,
    "comparison_names": ["given_name", "family_name", "dob", "home", "gender"],
    "comparison_levels": ["nickname", "exact", "exact", "postcode", "null"],
    "comparison_weights": [2.0, 7.7, 12.5, -6.51, 0.0],
    "comparison_tf_weights": [0.0, -0.3, 0.0, 0.0, 0.0],
}


def test_the_waterfall_runs_from_the_prior_through_each_comparison_to_the_match_weight():
    steps = waterfall.steps(EXPLANATION)
    assert [(s.comparison, s.weight) for s in steps] == [
        ("prior", -13.5),
        ("given_name", 2.0),
        ("family_name", 7.7),
        ("dob", 12.5),
        ("home", -6.51),
    ]  # gender: a side had no value, no bar
    assert [round(s.total, 2) for s in steps] == [-13.5, -11.5, -3.8, 8.7, 2.19]
    assert steps[-1].total == pytest.approx(EXPLANATION["match_weight"])
    assert probability_of(steps[-1].total) == pytest.approx(0.82, abs=0.005)  # the score the pair keeps
    chart = waterfall.figure(steps).data[0]
    assert list(chart.measure) == ["absolute", "relative", "relative", "relative", "relative", "total"]
    assert chart.orientation == "h" and list(chart.y)[-1] == "match weight"
    assert list(chart.x)[-1] == pytest.approx(2.19) and list(chart.text)[-1] == "+2.2"
    words = [waterfall.words(s) for s in steps]
    assert words[3] == "date of birth (exact): +12.5, towards the same person"
    assert words[4] == "address and postcode (postcode): -6.5, towards two people"
    assert waterfall.reasons(EXPLANATION)[-1] == "same postcode, another address"
    assert waterfall.steps({"decided_by": "nhs_number"}) == []


# --- the page, on the agencies' extracts (one possible match: Lilly, Manchester health; Lily, Stockport)


@pytest.fixture
def site(tmp_path):
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/audit.db",
        today=TODAY.isoformat(),
    )
    with open_store(settings) as store:
        load_paths(store, [AGENCIES], tmp_path / "report", TODAY)
        yield create_app(settings, store=store), store


def audit(app, action: str) -> list:  # noqa: ANN001
    return app.extensions["familynet"].audit.entries(action=action)


def act_request(app, pair_ids: list[str], clicked: str, reason: str = "", selected=None) -> dict:  # noqa: ANN001
    """The body the renderer POSTs when a queue entry (clicked: its pair id) or a button is clicked."""
    output = next(k for k in app.extensions["dash"].callback_map if "matches-detail.children" in k)
    buttons = [{"type": "matches-pair", "pair": p} for p in pair_ids]
    opened = clicked in pair_ids
    changed = (
        json.dumps({"pair": clicked, "type": "matches-pair"}, separators=(",", ":")) + ".n_clicks"
        if opened
        else f"{clicked}.n_clicks"
    )
    return {
        "output": output,
        "outputs": [
            {"id": i, "property": p}
            for i, p in (
                ("matches-detail", "children"),
                ("matches-selected", "data"),
                ("matches-message", "children"),
                ("matches-decided", "data"),
                ("matches-reason", "value"),
                ("matches-form", "hidden"),
            )
        ],
        "inputs": [
            [{"id": b, "property": "n_clicks", "value": 1 if b["pair"] == clicked else 0} for b in buttons],
            *(
                {"id": name, "property": "n_clicks", "value": 1 if name == clicked else 0}
                for name in matches.BUTTONS
            ),
        ],
        "changedPropIds": [changed],
        "state": [
            {"id": "matches-reason", "property": "value", "value": reason},
            {"id": "matches-selected", "property": "data", "value": selected},
            {"id": "matches-decided", "property": "data", "value": 0},
        ],
    }


PEOPLE_OF_THE_PAIR = (
    "MATCH (p:Person)-[r:RECORDED_IN]->(s:Source) WHERE r.record_id IN ['H10', 'C3'] "
    "RETURN s.uid AS source, p.uid AS uid ORDER BY source"
)


def the_pair(store) -> str:  # noqa: ANN001
    [pair] = queue.read(store, STEWARD, NO_SHIELDS)
    return pair.id


def test_a_steward_opens_the_pair_side_by_side_with_its_waterfall(site, logged_in_client):
    app, store = site
    client = logged_in_client(app, role="data_steward", authority="STK", name="steph")
    text = open_page(client, "/matches")
    assert "Lilly" in text and "Lily" in text and "access-refused" not in text
    pair = the_pair(store)
    body = client.post("/_dash-update-component", json=act_request(app, [pair], pair)).get_json()
    detail = json.dumps(body["response"]["matches-detail"])
    assert "Manchester school nursing" in detail and "differs" in detail and "match-waterfall" in detail
    assert body["response"]["matches-selected"]["data"] == pair
    assert body["response"]["matches-form"]["hidden"] is False  # the decision buttons show
    [opened] = audit(app, "review_match_open")
    assert (opened.actor, {opened.details["a"], opened.details["b"]}) == ("steph", set(pair.split("|")))


def test_other_roles_and_forged_pairs_are_refused_and_audited(site, logged_in_client):
    app, store = site
    pair = the_pair(store)
    worker = logged_in_client(app, role="social_worker", authority="STK", name="sam")
    assert "access-refused" in open_page(worker, "/matches")
    for request in (act_request(app, [pair], pair), act_request(app, [], "matches-same", "why", pair)):
        text = worker.post("/_dash-update-component", json=request).get_data(as_text=True)
        assert "access-refused" in text and "Lilly" not in text
    assert len(audit(app, "access_refused")) == 3
    # a steward of another authority knows neither side; a made-up id names no pair
    other = logged_in_client(app, role="data_steward", authority="OLD", name="olga")
    for forged in (pair, "P-nobody|P-else", "not a pair id"):
        for request in (
            act_request(app, [forged], forged),
            act_request(app, [], "matches-different", "x", forged),
        ):
            body = other.post("/_dash-update-component", json=request).get_json()
            text = json.dumps(body)
            assert "access-refused" in text and "Lilly" not in text
            assert body["response"]["matches-form"]["hidden"] is True
    refused = [e for e in audit(app, "access_refused") if e.actor == "olga"]
    assert len(refused) == 6 and refused[-1].details["pair"] == "not a pair id"
    assert (
        audit(app, "match_decision") == [] and len(queue.read(store, STEWARD, NO_SHIELDS)) == 1
    )  # nothing decided


def test_a_decision_needs_a_reason(site, logged_in_client):
    app, store = site
    client = logged_in_client(app, role="data_steward", authority="MAN", name="mo")
    pair = the_pair(store)
    text = client.post(
        "/_dash-update-component", json=act_request(app, [pair], "matches-different", "  ", pair)
    ).get_data(as_text=True)
    assert "A reason is needed" in text
    assert audit(app, "match_decision") == [] and len(queue.read(store, STEWARD, NO_SHIELDS)) == 1


def test_not_the_same_person_decided_on_the_page_is_obeyed_by_a_reload(site, logged_in_client, tmp_path):
    app, store = site
    client = logged_in_client(app, role="data_steward", authority="STK", name="steph")
    pair = the_pair(store)
    reason = "different mothers named in the health record"
    body = client.post(
        "/_dash-update-component", json=act_request(app, [pair], "matches-different", reason, pair)
    ).get_json()
    assert "not the same person" in json.dumps(body["response"]["matches-message"])
    assert body["response"]["matches-decided"]["data"] == 1
    [entry] = audit(app, "match_decision")
    assert (entry.actor, entry.details["decision"], entry.details["reason"]) == ("steph", "different", reason)
    assert queue.read(store, STEWARD, NO_SHIELDS) == []  # off the queue

    report = load_paths(store, [AGENCIES], tmp_path / "again", TODAY)
    assert not report.failed_files
    people = store.read_only_text(PEOPLE_OF_THE_PAIR, {}).rows
    assert len(people) == 2 and people[0]["uid"] != people[1]["uid"], people  # not merged
    assert set(pair.split("|")) == {p["uid"] for p in people}  # the same two ids
    assert queue.read(store, STEWARD, NO_SHIELDS) == []  # and not proposed again

    # Rebuilt from the same extracts with the decisions kept beside them, and a threshold at which the
    # pair (0.69) would merge (it does without the decision): still two people.
    rebuilt = Settings(graph_url=f"embedded://{tmp_path}/rebuilt.db", match_threshold=0.3)
    with open_store(rebuilt) as fresh:
        import_decisions(fresh, export_decisions(store))
        load_paths(fresh, [AGENCIES], tmp_path / "rebuilt", TODAY)
        again = fresh.read_only_text(PEOPLE_OF_THE_PAIR, {}).rows
    assert len({p["uid"] for p in again}) == 2, again


def test_same_person_decided_on_the_page_merges_the_newcomer_into_the_existing_person(site, logged_in_client):
    app, store = site
    client = logged_in_client(app, role="data_steward", authority="MAN", name="mo")
    [pair] = queue.read(store, STEWARD, NO_SHIELDS)
    newcomer, existing = pair.a["uid"], pair.b["uid"]
    request = act_request(app, [pair.id], "matches-same", "same DOB and postcode; nickname", pair.id)
    body = client.post("/_dash-update-component", json=request).get_json()
    assert f"{newcomer} merged into {existing}" in json.dumps(body["response"]["matches-message"])
    people = store.read_only_text(PEOPLE_OF_THE_PAIR, {}).rows
    assert {p["uid"] for p in people} == {existing}
    assert current_id(store, newcomer) == existing  # the merged-away id redirects
    assert queue.read(store, STEWARD, NO_SHIELDS) == []
