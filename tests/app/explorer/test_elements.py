"""Element builders: what the network draws for a family, and how an expansion joins the picture."""

from __future__ import annotations

from datetime import date

import pytest

from app.explorer.elements import Family, count_nodes, kind_of, merge_elements, to_cytoscape_elements

TODAY = date(2026, 11, 25)


def person(uid, given, family, dob, households=(), involvements=(), links=()):
    return {
        "person": {"uid": uid, "given_name": given, "family_name": family, "dob": dob},
        "households": list(households),
        "involvements": list(involvements),
        "links": list(links),
        "sources": [],
    }


HOME = {"uid": "h1", "address": "14 Larch Road, Heaton Moor", "postcode": "SK4 2AB", "current": "yes"}
OLD_HOME = {
    "uid": "h0",
    "address": "2 Old Street",
    "postcode": "SK1 1AA",
    "current": "no",
    "until": "2019-05-31",
}
CSC = {"uid": "s1", "name": "Stockport CSC", "service_type": "social_care"}
FAMILY = Family(
    focus="c1",
    people=[
        person(
            "c1",
            "Jaden",
            "Smith",
            "2015-03-02",
            [HOME, OLD_HOME],
            [{"uid": "i1", "status": "current", "service": CSC}],
            [
                {"type": "PARENT_OF", "start": "m1", "end": "c1"},
                {"type": "POSSIBLE_MATCH", "start": "c1", "end": "c2", "score": 0.8249},
                {"type": "SIBLING_OF", "start": "c1", "end": "far-away"},
            ],
        ),
        person(
            "m1",
            "Kelly",
            "Smith",
            "1990-06-14",
            [HOME],
            [{"uid": "i2", "status": "historic", "service": CSC}],
            [{"type": "PARENT_OF", "start": "m1", "end": "c1"}],
        ),
        person("c2", "Jayden", "Smith", None),
    ],
)


def by_id(elements):
    return {e["data"]["id"]: e for e in elements}


@pytest.mark.parametrize(
    "description, element_id, classes, label",
    [
        ("the focus child is a highlighted child", "p:c1", {"person", "child", "focus"}, "Jaden Smith\n(11)"),
        ("an adult is styled as an adult", "p:m1", {"person", "adult"}, "Kelly Smith\n(36)"),
        ("no DOB: no age, drawn as an adult", "p:c2", {"person", "adult"}, "Jayden Smith"),
        ("a shared household is one hub", "h:h1", {"household"}, "14 Larch Road\nSK4 2AB"),
        ("a service is one node for everyone", "s:s1", {"service", "social_care"}, "Stockport CSC"),
        ("a parent link is labelled", "r:PARENT_OF:m1:c1", {"family-link", "parent"}, "parent"),
        (
            "a possible match is its own labelled link",
            "r:POSSIBLE_MATCH:c1:c2",
            {"family-link", "possible-match"},
            "possible match 0.82",
        ),
        ("a past address is drawn as past", "lv:c1:h0", {"lives", "past"}, ""),
        ("a current address is drawn as current", "lv:m1:h1", {"lives", "current"}, ""),
        ("a closed involvement is historic", "i:i2", {"involved", "historic"}, ""),
    ],
)
def test_elements_say_what_each_thing_is(description, element_id, classes, label):
    element = by_id(to_cytoscape_elements(FAMILY, TODAY))[element_id]
    assert set(element["classes"].split()) == classes, description
    assert element["data"]["label"] == label, description


def test_each_link_is_drawn_once_and_links_leaving_the_family_are_dropped():
    elements = to_cytoscape_elements(FAMILY, TODAY)
    ids = [e["data"]["id"] for e in elements]
    assert len(ids) == len(set(ids))
    assert "r:SIBLING_OF:c1:far-away" not in ids
    assert count_nodes(elements, "person") == 3 and count_nodes(elements, "service") == 1


def test_a_possible_match_never_becomes_the_same_node():
    elements = by_id(to_cytoscape_elements(FAMILY, TODAY))
    match = elements["r:POSSIBLE_MATCH:c1:c2"]["data"]
    assert match["source"] != match["target"] and {match["source"], match["target"]} <= set(elements)


def test_nodes_come_before_the_edges_that_use_them():
    elements = to_cytoscape_elements(FAMILY, TODAY)
    first_edge = next(i for i, e in enumerate(elements) if "source" in e["data"])
    assert all("source" not in e["data"] for e in elements[:first_edge])
    assert all("source" in e["data"] for e in elements[first_edge:])


def test_expanding_keeps_the_picture_and_marks_newcomers():
    before = to_cytoscape_elements(FAMILY, TODAY)
    before[0]["position"] = {"x": 10, "y": 20}  # where the user left Jaden
    around_kelly = Family(
        focus="m1",
        people=[
            person(
                "m1",
                "Kelly",
                "Smith",
                "1990-06-14",
                [HOME],
                [],
                [
                    {"type": "PARTNER_OF", "start": "d1", "end": "m1"},
                    {"type": "PARENT_OF", "start": "m1", "end": "c1"},
                ],
            ),
            person(
                "d1",
                "Dean",
                "Walsh",
                "1987-09-23",
                [HOME],
                [],
                [{"type": "PARTNER_OF", "start": "d1", "end": "m1"}],
            ),
            person("c1", "Jaden", "Smith", "2015-03-02"),
        ],
    )
    after = merge_elements(before, to_cytoscape_elements(around_kelly, TODAY))
    found = by_id(after)
    assert count_nodes(after, "person") == 4
    assert found["p:c1"]["position"] == {"x": 10, "y": 20} and "focus" in found["p:c1"]["classes"]
    assert set(found["p:d1"]["classes"].split()) == {"person", "adult", "added"}
    assert "focus" not in found["p:m1"]["classes"]  # the expanded person does not take over the focus
    assert "r:PARTNER_OF:d1:m1" in found
    assert merge_elements(after, to_cytoscape_elements(around_kelly, TODAY)) == after  # idempotent


@pytest.mark.parametrize(
    "element_id, kind",
    [
        ("p:x", "person"),
        ("h:x", "household"),
        ("s:x", "service"),
        ("r:PARENT_OF:a:b", "link"),
        ("lv:a:h", "residence"),
        ("i:x", "involvement"),
        ("zzz", "unknown"),
    ],
)
def test_the_kind_of_a_tapped_element_comes_from_its_id(element_id, kind):
    assert kind_of(element_id) == kind
