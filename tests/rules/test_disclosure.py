"""The disclosure rules (rules/), one table per rule, on plain query-shaped rows: what a worker may see."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules import (
    CURRENT,
    HISTORIC,
    NONE_FOUND,
    NOT_COVERED,
    RulesError,
    load_rules,
    scope_problem,
    source_statuses,
    visible_involvements,
)

TODAY = date(2026, 11, 25)
RULES = load_rules()
POLICE = {
    "uid": "gmp-stk",
    "name": "GMP Stockport",
    "service_type": "police",
    "authority": "STK",
    "coverage_start": "2018-01-01",
    "extract_date": "2026-11-20",
}
SCHOOL = {"uid": "school-stk", "name": "Stockport schools", "service_type": "school", "authority": "STK"}
HOUSING = {
    "uid": "housing-stk",
    "name": "Stockport Homes",
    "service_type": "housing",
    "authority": "STK",
    "coverage_note": "council tenancies only",
}
CSC = {"uid": "csc-stk", "name": "Stockport CSC", "service_type": "social_care", "authority": "STK"}
HEALTH_MAN = {
    "uid": "health-man",
    "name": "Manchester health",
    "service_type": "health",
    "authority": "MAN",
    "coverage_area": "Manchester",
}


def born(age: int) -> str:
    return date(TODAY.year - age, 1, 1).isoformat()


def person(age: int) -> dict:
    return {"uid": "p1", "dob": born(age), "authority": "STK", "authorities": ["STK"]}


def involvement(source: dict, status: str = "current", facts: list | None = None) -> dict:
    return {
        "uid": f"i-{source['uid']}",
        "status": status,
        "team": "Team",
        "start": "2024-01-01",
        "reason": "Referral",
        "source": source,
        "service": {"name": source["name"]},
        "practitioners": [{"name": "Sam Officer", "phone": "0161 000 0000", "email": "s@x.uk"}],
        "facts": facts or [],
    }


def offence(value: str, years_ago: float, outcome: str = "convicted") -> dict:
    day = date.fromordinal(TODAY.toordinal() - int(years_ago * 365.25))
    return {"kind": "offence", "label": "Offence", "value": value, "date": day.isoformat(), "detail": outcome}


def statuses(who: dict, involvements: list[dict], sources: list[dict]) -> dict[str, object]:
    found = source_statuses(RULES, who, involvements, [], sources, TODAY)
    return {s.uid: s for s in found}


@pytest.mark.parametrize(
    "description, age, source, shown",
    [
        ("a 17-year-old shows no police section", 17, POLICE, False),
        ("an 18-year-old's police record is shown", 18, POLICE, True),
        ("a 3-year-old shows no school section", 3, SCHOOL, False),
        ("a 4-year-old's school is shown", 4, SCHOOL, True),
        ("a 21-year-old shows no school section", 21, SCHOOL, False),
        ("a 15-year-old shows no housing section", 15, HOUSING, False),
        ("a 16-year-old's housing is shown", 16, HOUSING, True),
        ("social care has no age band", 2, CSC, True),
    ],
)
def test_age_bands_leave_out_of_band_services_out_entirely(description, age, source, shown):
    who = person(age)
    facts = [offence("Domestic abuse", 1)] if source is POLICE else []
    inv = involvement(source, facts=facts)
    assert bool(visible_involvements(RULES, who, [inv], TODAY)) is shown, description
    assert (source["uid"] in statuses(who, [inv], [source])) is shown, description  # not even "none found"


@pytest.mark.parametrize(
    "description, facts, shown_values",
    [
        ("a conviction 6 years old is not returned", [offence("Domestic abuse", 6)], None),
        ("a conviction 4 years old is returned", [offence("Domestic abuse", 4)], ["domestic abuse"]),
        ("a suspect record 2 years old is not returned", [offence("Child cruelty", 2, "suspect")], None),
        (
            "a suspect record 6 months old is returned",
            [offence("Child cruelty", 0.5, "suspect")],
            ["child cruelty"],
        ),
        (
            "only the recent of two convictions",
            [offence("Domestic abuse", 6), offence("Coercive control", 1)],
            ["coercive control"],
        ),
    ],
)
def test_police_look_back_windows(description, facts, shown_values):
    [view] = visible_involvements(RULES, person(30), [involvement(POLICE, facts=facts)], TODAY) or [None]
    if shown_values is None:
        assert view is None, description  # the record is not returned at all
        assert (
            statuses(person(30), [involvement(POLICE, facts=facts)], [POLICE])["gmp-stk"].status == NONE_FOUND
        )
    else:
        assert [f["value"].lower() for f in view["facts"]] == shown_values, description


def test_a_fourth_safeguarding_offence_is_not_returned_and_the_list_says_it_is_capped():
    facts = [
        offence("Domestic abuse", 0.5),
        offence("Child cruelty", 1),
        offence("Coercive control", 2),
        offence("Stalking and harassment", 3),
        offence("Theft", 1),
    ]
    [view] = visible_involvements(RULES, person(30), [involvement(POLICE, facts=facts)], TODAY)
    shown = [f["value"] for f in view["facts"] if f["kind"] == "offence"]
    assert shown == ["Domestic abuse", "Child cruelty", "Coercive control"]  # newest three
    assert "Stalking and harassment" not in str(view) and "Theft" not in str(view)
    assert "capped" in view["facts_capped"] and "3" in view["facts_capped"]
    assert view["other_records"] is True  # theft: only "records found: yes"


@pytest.mark.parametrize(
    "description, facts, other",
    [
        ("no other offences", [offence("Domestic abuse", 1)], False),
        ("a recent non-safeguarding offence", [offence("Public order", 1)], True),
        (
            "an old non-safeguarding offence",
            [offence("Domestic abuse", 1), offence("Public order", 7)],
            False,
        ),
    ],
)
def test_other_police_offences_are_only_records_found_yes_or_no(description, facts, other):
    [view] = visible_involvements(RULES, person(30), [involvement(POLICE, facts=facts)], TODAY)
    assert view["other_records"] is other, description
    assert "Public order" not in str(view["facts"])


def test_police_is_never_labelled_current_and_keeps_only_allowed_fields():
    inv = involvement(POLICE, "current", [offence("Domestic abuse", 1)])
    status = statuses(person(30), [inv], [POLICE])["gmp-stk"]
    assert (
        status.status == HISTORIC and status.label == "Records found" and "current" not in status.text.lower()
    )
    [view] = status.involvements
    assert view["status"] == "" and "reason" not in view and "start" not in view  # police allow-list


@pytest.mark.parametrize(
    "description, fact, shown",
    [
        ("current arrears of 8 weeks are shown", {"value": "open", "detail": "8"}, True),
        ("current arrears of 4 weeks are not", {"value": "open", "detail": "4"}, False),
        ("closed arrears are not", {"value": "closed", "detail": "12"}, False),
    ],
)
def test_rent_arrears_only_when_current_and_over_six_weeks(description, fact, shown):
    arrears = {"kind": "rent_arrears", "label": "Rent arrears", "date": "2026-10-01", **fact}
    [view] = visible_involvements(RULES, person(30), [involvement(HOUSING, facts=[arrears])], TODAY)
    assert any(f["kind"] == "rent_arrears" for f in view["facts"]) is shown, description


@pytest.mark.parametrize(
    "description, months_ago, shown",
    [("a notice 11 months old is shown", 11, True), ("a notice 13 months old is not", 13, False)],
)
def test_housing_notices_look_back_twelve_months(description, months_ago, shown):
    day = date(2026 - (months_ago > 10), (11 - months_ago) % 12 or 12, 25).isoformat()
    nosp = {"kind": "notice_seeking_possession", "label": "NOSP", "value": "open", "date": day, "detail": ""}
    views = visible_involvements(RULES, person(30), [involvement(HOUSING, facts=[nosp])], TODAY)
    assert bool(views and views[0]["facts"]) is shown, (description, day)


@pytest.mark.parametrize(
    "description, who, involvements, source, status, words",
    [
        ("a current involvement", person(9), [involvement(CSC)], CSC, CURRENT, "current"),
        ("a closed involvement", person(9), [involvement(CSC, "historic")], CSC, HISTORIC, "historic"),
        (
            "none found carries its inclusion criteria",
            person(30),
            [],
            HOUSING,
            NONE_FOUND,
            "council tenancies only; rent arrears only when current and of more than 6 weeks",
        ),
        (
            "an out-of-area source says not covered",
            person(9),
            [],
            HEALTH_MAN,
            NOT_COVERED,
            "does not cover this person: it covers Manchester",
        ),
    ],
)
def test_every_source_has_exactly_one_status_and_says_why(
    description, who, involvements, source, status, words
):
    found = source_statuses(RULES, who, involvements, [], [source], TODAY)
    assert [s.status for s in found] == [status], description
    assert words in found[0].text, found[0].text


def test_a_council_rules_file_overrides_the_defaults_and_can_switch_search_off(tmp_path: Path):
    own = tmp_path / "council.toml"
    own.write_text(
        '[search]\nscope = "caseload"\n[service_types.police]\nmin_age = 16\n'
        '[sources."csc-stk"]\nmin_age = 10\n',
        encoding="utf-8",
    )
    rules = load_rules(own)
    assert rules.for_source("gmp", "police").min_age == 16
    assert rules.for_source("csc-stk", "social_care").min_age == 10
    assert "caseload" in scope_problem(rules) and scope_problem(RULES) is None
    bad = tmp_path / "bad.toml"
    bad.write_text("[service_types.police]\nminimum_age = 16\n", encoding="utf-8")
    with pytest.raises(RulesError, match="unknown keys"):
        load_rules(bad)
