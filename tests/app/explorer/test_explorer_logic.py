"""Pure explorer logic: ages, freshness of a last contact, sources checked, search parsing and ranking,
and safe CSV export. Table-driven: description, inputs, expected."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from app.people.wording import age_on, freshness, provenance_text, relationship_lines
from app.search.ranking import capped, parse_query, postcode_district, rank
from governance.export import neutralise, to_csv
from rules import load_rules, source_statuses

TODAY = date(2026, 11, 25)
RULES = load_rules()
RECORD, NO_RECORD, NOT_COVERED = "record", "no-record", "not-covered"  # SourceStatus.coverage


@pytest.mark.parametrize(
    "description, dob, expected",
    [
        ("birthday already this year", "2015-03-02", 11),
        ("birthday later this year", "2015-12-01", 10),
        ("birthday today", "2015-11-25", 11),
        ("29 February birth on a non-leap year", "2016-02-29", 10),
        ("no DOB", None, None),
        ("unreadable DOB", "02/03/2015", None),
        ("DOB in the future", "2027-01-01", None),
    ],
)
def test_age_on_today(description, dob, expected):
    assert age_on(dob, TODAY) == expected, description


@pytest.mark.parametrize(
    "description, last_contact, level, text",
    [
        ("today", "2026-11-25", "recent", "25 Nov 2026 (today)"),
        ("yesterday", "2026-11-24", "recent", "24 Nov 2026 (1 day ago)"),
        ("on the fresh limit", "2026-10-26", "recent", "26 Oct 2026 (30 days ago)"),
        ("a day past fresh", "2026-10-25", "ageing", "25 Oct 2026 (31 days ago)"),
        ("on the ageing limit", "2026-08-27", "ageing", "27 Aug 2026 (90 days ago)"),
        ("past ageing", "2026-08-26", "stale", "26 Aug 2026 (91 days ago)"),
        ("never recorded", None, "unknown", "no contact recorded"),
        ("a planned visit", "2026-11-30", "recent", "30 Nov 2026 (planned, in 5 days)"),
    ],
)
def test_freshness_of_the_last_contact(description, last_contact, level, text):
    fresh = freshness(last_contact, TODAY, fresh_days=30, ageing_days=90)
    assert (fresh.level, fresh.text) == (level, text), description


CSC = {
    "uid": "csc",
    "name": "Stockport CSC",
    "authority": "STK",
    "current_as_of": "2026-11-20",
    "coverage_start": "2018-01-01",
    "coverage_end": "2026-11-19",
    "coverage_area": "Stockport",
    "coverage_note": "Open cases",
}
MAN = {
    "uid": "man",
    "name": "Manchester Early Help",
    "authority": "MAN",
    "current_as_of": "2026-11-15",
    "coverage_start": "2020-04-01",
    "coverage_end": "2026-11-14",
    "coverage_area": "Manchester",
}
OLD = {
    "uid": "old",
    "name": "Old schools system",
    "authority": "STK",
    "coverage_start": "2005-01-01",
    "coverage_end": "2012-12-31",
    "coverage_area": "Stockport",
}
JADEN = {"uid": "c1", "dob": "2015-03-02", "authority": "STK", "authorities": ["STK"]}


def found_in(source: dict) -> list[dict]:
    """A current involvement recorded by ``source``: what makes the source say it has a record."""
    return [{"uid": f"i-{source['uid']}", "status": "current", "source": source, "service": {"name": "S"}}]


@pytest.mark.parametrize(
    "description, person, records, involvements, source, status, words",
    [
        (
            "a record, with its id",
            JADEN,
            [{"source": "csc", "record_id": "CSC-1001", "score": 1.0, "reasons": "new person from csc"}],
            found_in(CSC),
            CSC,
            RECORD,
            "record CSC-1001",
        ),
        ("covered but nothing there", JADEN, [], [], CSC, NO_RECORD, "None found in Stockport CSC"),
        ("no record names the inclusion criteria", JADEN, [], [], CSC, NO_RECORD, "Open cases"),
        (
            "another area",
            JADEN,
            [],
            [],
            MAN,
            NOT_COVERED,
            "it covers Manchester; their records are in Stockport",
        ),
        ("ended before they were born", JADEN, [], [], OLD, NOT_COVERED, "before they were born"),
        (
            "known in both areas: covered",
            {**JADEN, "authorities": ["STK", "MAN"]},
            [],
            [],
            MAN,
            NO_RECORD,
            "None found in Manchester Early Help",
        ),
    ],
)
def test_every_source_is_explained(description, person, records, involvements, source, status, words):
    [check] = source_statuses(
        RULES, person, involvements, records, [source], TODAY, {"STK": "Stockport", "MAN": "Manchester"}
    )
    assert check.coverage == status, description
    assert words in check.text, (description, check.text)


def test_sources_checked_list_records_first_then_no_record_then_not_covered():
    checks = source_statuses(
        RULES, JADEN, found_in(CSC), [{"source": "csc", "record_id": "1"}], [MAN, OLD, CSC], TODAY
    )
    assert [c.coverage for c in checks] == [RECORD, NOT_COVERED, NOT_COVERED]
    assert source_statuses(RULES, JADEN, [], [], [], TODAY) == []


def test_provenance_says_who_when_and_what_it_covers():
    assert provenance_text(CSC) == (
        "from Stockport CSC — correct as of 20 Nov 2026, covers 1 Jan 2018 to 19 Nov 2026, Stockport"
    )
    assert provenance_text(None) == "source not recorded"


def test_relationships_read_from_the_persons_side_with_possible_matches_explained():
    rels = [
        {
            "type": "PARENT_OF",
            "outgoing": False,
            "other": {"uid": "m", "given_name": "Kelly", "family_name": "Smith", "dob": "1990-06-14"},
            "since": "2015-03-02",
        },
        {
            "type": "POSSIBLE_MATCH",
            "outgoing": True,
            "score": 0.825,
            "reasons": "DOB exact",
            "other": {"uid": "w", "given_name": "Kelly", "family_name": "Walsh"},
        },
        {"type": "PARENT_OF", "outgoing": True, "other": {"uid": "c", "given_name": "Jaden"}},
    ]
    texts = [line["text"] for line in relationship_lines(rels, TODAY)]
    assert texts == [
        "Child: Jaden",
        "Parent: Kelly Smith (age 36) — since 2 Mar 2015",
        "Possible match: Kelly Walsh — score 0.82; DOB exact; not merged: check before relying on it",
    ]


@pytest.mark.parametrize(
    "text, names, dob, ident, surname_first",
    [
        ("Jayden Smyth", ("Jayden", "Smyth"), None, None, False),
        ("Smith, Jaden", ("Smith", "Jaden"), None, None, True),
        ("02/03/2015", (), "2015-03-02", None, False),
        ("Jaden 2015-03-02", ("Jaden",), "2015-03-02", None, False),
        ("CSC-1001", (), None, "CSC-1001", False),
        ("Smi* J%", ("Smi", "J"), None, None, False),
        ("   ", (), None, None, False),
        # issue 21: the app's own date format, and the other common ones
        ("Jaden Smith 29 Oct 2018", ("Jaden", "Smith"), "2018-10-29", None, False),
        ("29 October 2018", (), "2018-10-29", None, False),
        ("Smith, Jaden 29th Oct 2018", ("Smith", "Jaden"), "2018-10-29", None, True),
        ("Oct 29, 2018 Jaden", ("Jaden",), "2018-10-29", None, False),
        ("29-Oct-18", (), "2018-10-29", None, False),
        ("29/10/2018", (), "2018-10-29", None, False),
        ("29.10.18", (), "2018-10-29", None, False),
        ("2018/10/29", (), "2018-10-29", None, False),
        ("14/06/90", (), "1990-06-14", None, False),
        ("31 Feb 2018", ("Feb",), None, "2018", False),  # not a date: nothing is guessed
        ("Feb 2018", ("Feb",), None, "2018", False),
    ],
)
def test_one_box_understands_names_dates_and_ids(text, names, dob, ident, surname_first):
    query = parse_query(text)
    assert (query.names, query.dob, query.ident, query.surname_first) == (names, dob, ident, surname_first)


def candidate(uid, given, family, dob, record_id=None):
    return {
        "person": {"uid": uid, "given_name": given, "family_name": family, "dob": dob},
        "record_id": record_id,
        "source_name": "Stockport CSC" if record_id else None,
    }


CANDIDATES = [
    candidate("jaden", "Jaden", "Smith", "2015-03-02"),
    candidate("jayden", "Jayden", "Smith", "2015-02-03"),
    candidate("kelly", "Kelly", "Smith", "1990-06-14"),
    candidate("tyler", "Tyler", "Smith", "2011-08-19"),
]


@pytest.mark.parametrize(
    "description, text, expected, reason",
    [
        ("typos in both names", "Jayden Smyth", ["jayden", "jaden"], "family name sounds like Smyth"),
        ("surname first", "Smith, Jaden", ["jaden", "jayden"], "given name exact"),
        (
            "family name alone: equal scores, then by name",
            "Smith",
            ["jaden", "jayden", "kelly", "tyler"],
            "family name exact",
        ),
        (
            "DOB alone: exact, then day and month swapped",
            "02/03/2015",
            ["jaden", "jayden"],
            "DOB with day and month swapped",
        ),
        (
            "name and swapped DOB",
            "Jaden Smith 03/02/2015",
            ["jayden", "jaden"],
            "DOB with day and month swapped",
        ),
        ("name and a different DOB ranks lower", "Kelly Smith 01/01/2000", ["kelly"], "DOB differs"),
        ("a different given name is not a match", "Bob Smith", [], None),
    ],
)
def test_ranking_orders_and_explains(description, text, expected, reason):
    results = rank(parse_query(text), CANDIDATES)
    assert [r.uid for r in results] == expected, description
    if reason:
        assert any(reason in "; ".join(r.reasons) for r in results), (
            description,
            [r.reasons for r in results],
        )


def test_results_are_capped_only_after_the_filter_and_say_how_many_there_were():
    results = rank(parse_query("Smith"), CANDIDATES)
    visible = [r for r in results if r.uid != "jaden"]  # what an authority filter leaves
    shown, total = capped(visible, 2)
    assert [r.uid for r in shown] == ["jayden", "kelly"] and total == 3


def test_an_id_match_says_which_source():
    results = rank(parse_query("CSC-1001"), [candidate("jaden", "Jaden", "Smith", "2015-03-02", "CSC-1001")])
    assert results[0].reasons == ["id CSC-1001 in Stockport CSC"]


@pytest.mark.parametrize(
    "postcode, district",
    [("SK4 2AB", "SK4"), ("m20 4pq", "M20"), ("EC1A1BB", "EC1A"), (None, ""), ("SK4", "SK4")],
)
def test_only_the_postcode_district_is_shown(postcode, district):
    assert postcode_district(postcode) == district


@pytest.mark.parametrize(
    "value, shown",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 161", "'+44 161"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Priya Shah", "Priya Shah"),
        (None, ""),
        ("0161 474 1234", "0161 474 1234"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value, shown):
    assert neutralise(value) == shown
    text = to_csv([{"a": value}], ["a"])
    assert list(csv.reader(io.StringIO(text)))[1] == [shown]
