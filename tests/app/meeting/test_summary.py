"""The one-page family summary: who is in the family, services and lead practitioners, last contacts,
open questions derived from the data; redacted like meeting mode, behind the same gate, audited, and
as a PDF for roles that may export."""

from __future__ import annotations

from conftest import give_reason
from family_graph import TODAY

from app.explorer.elements import Family
from app.meeting.summary import build_summary
from rules import NOT_COVERED, SourceStatus

HIDDEN = [
    "2 Mar 2015",
    "2015-03-02",
    "Larch Road",
    "SK4 2AB",
    "M20 4PQ",
    "0161 474 1234",
    "priya.shah@",
    "ruth.evans@",
    "grace.okafor@",
]


def test_build_summary_lists_people_services_and_derived_questions(loaded):
    from datetime import date

    store, people = loaded
    family = Family(people["jaden"], store.read("get_family_network", uid=people["jaden"], depth=2))
    text = "Stockport 0-19 does not cover this person: it covers Stockport"
    checks = {people["tyler"]: [SourceStatus({"name": "Stockport 0-19"}, NOT_COVERED, "Not covered", text)]}
    summary = build_summary(family, checks, date.fromisoformat(TODAY), 30, 90, initials=False)
    assert [(p["name"], p["relation"], p["age"]) for p in summary.people] == [
        ("Jaden Smith", "Person opened", "11"),
        ("Kelly Smith", "Parent; possible duplicate of Kelly Walsh (not merged)", "36"),
        ("Tyler Smith", "Sibling", "15"),
        ("Dean Walsh", "Partner of Kelly Smith", "39"),
        ("Kelly Walsh", "Parent of Tyler Smith; possible duplicate of Kelly Smith (not merged)", "36"),
    ]
    assert len(summary.services) == 7
    assert {(r["person"], r["lead_practitioner"]) for r in summary.services} >= {
        ("Jaden Smith", "Priya Shah"),
        ("Jaden Smith", "Ruth Evans"),
        ("Tyler Smith", "Grace Okafor"),
    }
    stale = "no contact from Manchester Early Help in over 90 days (last: 1 Jun 2026 (177 days ago))."
    assert summary.questions == [  # in the order of the people table
        "Are Kelly Smith and Kelly Walsh the same person? (possible match, not merged)",
        f"Tyler Smith: {stale}",
        f"Kelly Walsh: {stale}",
    ]  # the closed Stockport CSC involvement of Tyler raises no question
    # a source that does not cover someone is one line, apart from the real questions
    assert summary.not_covered == [
        "Stockport 0-19 does not cover Tyler Smith: it covers Stockport — ask that agency directly."
    ]
    short = build_summary(family, {}, date.fromisoformat(TODAY), 30, 90, initials=True)
    assert short.title == "Family of J. S." and short.people[1]["name"] == "K. S."
    assert "Kelly Smith" not in str(short)


def test_the_summary_page_is_redacted_gated_and_audited(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, name="sam")
    refused = client.get(f"/family/{people['jaden']}/summary")  # no reason given yet this session
    assert refused.status_code == 403 and "give your reason" in refused.get_data(as_text=True)
    assert "Priya Shah" not in refused.get_data(as_text=True)

    give_reason(client, app, people["jaden"])
    page = client.get(f"/family/{people['jaden']}/summary").get_data(as_text=True)
    assert "Family of Jaden Smith" in page and "Priya Shah" in page and "Partner of Kelly Smith" in page
    assert "no contact from Manchester Early Help in over 90 days" in page
    # one line per source for those it does not cover, after the open questions
    assert page.count("Manchester Early Help does not cover") == 1
    assert "Manchester Early Help does not cover Jaden Smith, Kelly Smith and Dean Walsh: it covers" in page
    assert page.index("summary-questions") < page.index("summary-not-covered")
    assert "<th></th>" not in page and "<th>Source</th>" in page and "<th>Child or adult</th>" in page
    assert "possible duplicate of Kelly Smith (not merged)" in page and "Wider family" not in page
    for value in HIDDEN:
        assert value not in page, value
    initials = client.get(f"/family/{people['jaden']}/summary?names=initials").get_data(as_text=True)
    assert "Family of J. S." in initials and "Jaden Smith" not in initials and "Kelly Walsh" not in initials
    [first, second] = app.extensions["familynet"].audit.entries(action="view_summary")
    assert (first.actor, first.details["person"]) == ("sam", people["jaden"])


def test_other_authorities_and_unknown_people_get_no_summary(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, authority="MAN")  # Jaden is known only in Stockport
    response = client.get(f"/family/{people['jaden']}/summary")
    assert response.status_code == 403 and "Jaden" not in response.get_data(as_text=True)
    anonymous = app.test_client().get(f"/family/{people['jaden']}/summary")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_pdf_is_a_real_pdf_for_roles_that_may_export_and_refused_for_viewers(
    app, logged_in_client, loaded
):
    from pypdf import PdfReader  # noqa: PLC0415

    _, people = loaded
    worker = logged_in_client(app, name="sam")
    give_reason(worker, app, people["jaden"])
    response = worker.get(f"/family/{people['jaden']}/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data[:5] == b"%PDF-"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Family of Jaden Smith" in text and "Grace Okafor" in text
    assert "2 Mar 2015" not in text and "SK4 2AB" not in text and "0161" not in text
    [entry] = app.extensions["familynet"].audit.entries(action="export_summary")
    assert (entry.details["person"], entry.details["format"]) == (people["jaden"], "pdf")
    # everyone in the summary is in the entry (issue 16 item 13); Kelly Walsh by name only
    assert set(entry.details["people"]) == {people[p] for p in ("jaden", "kelly", "dean", "tyler")}
    assert entry.details["relatives"] == [people["kelly_walsh"]]

    viewer = logged_in_client(app, role="viewer")
    give_reason(viewer, app, people["jaden"])
    assert viewer.get(f"/family/{people['jaden']}/summary").status_code == 200  # the printable page
    assert viewer.get(f"/family/{people['jaden']}/summary.pdf").status_code == 403
