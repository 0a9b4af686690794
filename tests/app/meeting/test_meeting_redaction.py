"""Meeting mode's redaction rules as pure functions: initials, reveal keys, relationship lines with
names and dates cut down, network labels without addresses, and the reason a reveal needs."""

from __future__ import annotations

from datetime import date

import pytest

from app.meeting.redaction import (
    RevealKey,
    check_reason,
    display_name,
    distinct_initials,
    initials,
    person_label,
    redact_elements,
    relationship_text,
)

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "description, given, family, expected",
    [
        ("two names", "Jaden", "Smith", "J. S."),
        ("hyphenated family name", "Kelly", "Smith-Jones", "K. S-J."),
        ("lower case", "dean", "walsh", "D. W."),
        ("given name only", "Tyler", None, "T."),
        ("no name", None, "", "(no name)"),
    ],
)
def test_initials(description, given, family, expected):
    assert initials(given, family) == expected, description


def test_network_labels_show_age_and_name_or_initials_never_the_date_of_birth():
    person = {"given_name": "Jaden", "family_name": "Smith", "dob": "2015-03-02"}
    assert person_label(person, TODAY, use_initials=False) == "Jaden Smith\n(11)"
    assert person_label(person, TODAY, use_initials=True) == "J. S.\n(11)"
    assert display_name({"given_name": "Kelly"}, False) == "Kelly"


@pytest.mark.parametrize(
    "description, line, use_initials, expected",
    [
        (
            "a parent's since date is the child's birthday: year only",
            "Parent: Kelly Smith (age 36) — since 2 Mar 2015",
            False,
            "Parent: Kelly Smith (age 36) — since 2015",
        ),
        (
            "initials and years",
            "Sibling: Tyler Smith (age 15) — recorded as “brother”; since 2 Mar 2015; until 1 Jan 2020",
            True,
            "Sibling: T. S. (age 15) — recorded as “brother”; since 2015; until 2020",
        ),
        ("no age, no extras", "Partner: Dean Walsh", True, "Partner: D. W."),
        (
            "possible match keeps its score",
            "Possible match: Kelly Walsh (age 36) — score 0.82; not merged: check before relying on it",
            True,
            "Possible match: K. W. (age 36) — score 0.82; not merged: check before relying on it",
        ),
    ],
)
def test_relationship_lines(description, line, use_initials, expected):
    assert relationship_text(line, use_initials) == expected, description


def test_households_lose_their_address_and_people_get_the_given_labels():
    elements = [
        {"data": {"id": "p:1", "label": "Jaden Smith\n(11)"}, "classes": "person child focus"},
        {"data": {"id": "h:a", "label": "14 Larch Road\nSK4 2AB"}, "classes": "household"},
        {"data": {"id": "h:b", "label": "7 Clyde Road\nM20 4PQ"}, "classes": "household"},
        {"data": {"id": "lv:1:a", "source": "p:1", "target": "h:a", "label": ""}, "classes": "lives current"},
    ]
    out = redact_elements(elements, {"p:1": "J. S.\n(11)"})
    assert [e["data"]["label"] for e in out] == ["J. S.\n(11)", "Home A", "Home B", ""]
    assert "Larch" not in str(out) and "SK4" not in str(out) and "M20" not in str(out)
    assert elements[1]["data"]["label"] == "14 Larch Road\nSK4 2AB"  # the input is not changed
    assert [e["classes"] for e in out] == [e["classes"] for e in elements]


def test_reveal_keys_round_trip_and_refuse_anything_else():
    key = RevealKey("service", "s-1|odd", "phone", 2)
    assert RevealKey.decode(key.encode()) == key
    for bad in ("person|name|0|p-1", "household|dob|0|p-1", "person|dob|0|", "nonsense"):
        with pytest.raises(ValueError):
            RevealKey.decode(bad)


def test_a_reveal_needs_a_real_reason():
    with pytest.raises(ValueError, match="Say why"):
        check_reason("  ok ")
    assert check_reason("  confirm   identity ") == "confirm identity"
    assert len(check_reason("x" * 500)) == 200


@pytest.mark.parametrize(
    "description, names, expected",
    [
        (
            "different initials stay short",
            {"a": ("Jaden", "Smith"), "b": ("Kelly", "Smith")},
            ["J. S.", "K. S."],
        ),
        ("T. C. twice", {"a": ("Tyler", "Cooper"), "b": ("Tom", "Cooper")}, ["Ty. C.", "To. C."]),
        ("same start", {"a": ("Tom", "Cooper"), "b": ("Tommy", "Cooper")}, ["Tom. C.", "Tomm. C."]),
        ("given names alike", {"a": ("Tom", "Cooper"), "b": ("Tom", "Carter")}, ["T. Co.", "T. Ca."]),
        ("the same name twice", {"a": ("Jo", "Lee"), "b": ("Jo", "Lee")}, ["J. L. (1)", "J. L. (2)"]),
    ],
)
def test_initials_stay_distinct_when_two_people_share_them(description, names, expected):
    assert [distinct_initials(names)[k] for k in sorted(names)] == expected, description
    assert len(set(expected)) == len(expected)
