"""The involvement timeline as a pure figure builder: one row per person and service, bars from start
to end (open ones to today), closed ones ending where they ended, last-contact markers, a today line,
colour by service type, hover with practitioner and source, and clicks that name the service."""

from __future__ import annotations

from datetime import date

from app.explorer.elements import Family
from app.meeting.timeline import TYPE_COLOURS, clicked_element, timeline_bars, timeline_figure

TODAY = date(2026, 11, 25)
SOURCE = {"name": "Stockport CSC", "current_as_of": "2026-11-20"}


def inv(uid, service, kind, start, end="", last="", status="current", lead="Priya Shah"):  # noqa: ANN001
    return {
        "uid": uid,
        "status": status,
        "start": start,
        "end": end,
        "last_contact": last,
        "service": {"uid": service, "name": service.upper(), "service_type": kind},
        "practitioners": [{"name": lead, "role": "Social worker"}] if lead else [],
        "source": SOURCE,
    }


FAMILY = Family(
    "jaden",
    [
        {
            "person": {"uid": "tyler", "given_name": "Tyler", "family_name": "Smith"},
            "involvements": [
                inv(
                    "i3",
                    "csc",
                    "social_care",
                    "2022-02-03",
                    last="2023-08-01",
                    status="historic",
                    lead="Mark Lee",
                ),
                inv("i4", "eh", "early_help", "2025-10-01", end="2026-03-31", last="2026-03-01"),
            ],
        },
        {
            "person": {"uid": "jaden", "given_name": "Jaden", "family_name": "Smith"},
            "involvements": [
                inv("i1", "csc", "social_care", "2026-05-01", last="2026-11-10"),
                inv("i2", "nurse", "health", "", last="2026-09-15", lead=None),
            ],
        },
        {"person": {"uid": "kelly", "given_name": "Kelly", "family_name": "Smith"}, "involvements": []},
    ],
)


def test_every_involvement_is_a_bar_with_the_right_dates_focus_person_first():
    bars = timeline_bars(FAMILY, TODAY)
    assert [(b.row, b.start and b.start.isoformat(), b.end.isoformat(), b.is_open) for b in bars] == [
        ("Jaden Smith · NURSE", None, "2026-11-25", True),  # no start recorded: a marker, no bar
        ("Jaden Smith · CSC", "2026-05-01", "2026-11-25", True),  # open: runs to today
        ("Tyler Smith · CSC", "2022-02-03", "2023-08-01", False),  # closed without an end: last contact
        ("Tyler Smith · EH", "2025-10-01", "2026-03-31", False),
    ]
    assert timeline_bars(FAMILY, TODAY, use_initials=True)[0].row == "J. S. · NURSE"


def test_the_figure_has_bars_by_service_type_markers_and_a_today_line():
    figure = timeline_figure(timeline_bars(FAMILY, TODAY), TODAY).to_plotly_json()
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert {t["name"]: t["marker"]["color"] for t in bars} == {
        "Social care": TYPE_COLOURS["social_care"],
        "Early help": TYPE_COLOURS["early_help"],
    }
    social = next(t for t in bars if t["name"] == "Social care")
    assert list(social["base"]) == ["2026-05-01", "2022-02-03"]
    assert list(social["x"]) == [208 * 86_400_000, 544 * 86_400_000]  # durations in ms on a date axis
    assert "Lead: %{customdata[4]}" in social["hovertemplate"] and "Source" in social["hovertemplate"]
    assert social["customdata"][1][4] == "Mark Lee, Social worker"
    assert social["customdata"][1][5].startswith("from Stockport CSC — correct as of 20 Nov 2026")
    markers = next(t for t in figure["data"] if t["name"] == "Last contact")
    assert sorted(markers["x"]) == ["2023-08-01", "2026-03-01", "2026-09-15", "2026-11-10"]
    assert "Jaden Smith · NURSE" in markers["y"]  # the involvement without a start still shows
    [today] = figure["layout"]["shapes"]
    assert today["x0"] == today["x1"] == "2026-11-25"
    assert list(figure["layout"]["yaxis"]["categoryarray"])[0] == "Jaden Smith · NURSE"


def test_a_click_on_a_bar_names_the_service_element():
    figure = timeline_figure(timeline_bars(FAMILY, TODAY), TODAY).to_plotly_json()
    custom = figure["data"][0]["customdata"][0]
    assert clicked_element({"points": [{"customdata": list(custom)}]}) == "s:csc"
    assert clicked_element(None) is None and clicked_element({"points": []}) is None


def test_a_family_without_involvements_gives_an_empty_but_valid_figure():
    family = Family("kelly", [{"person": {"uid": "kelly", "given_name": "Kelly"}, "involvements": []}])
    figure = timeline_figure(timeline_bars(family, TODAY), TODAY)
    assert figure.data == () and figure.layout.shapes[0].x0 == "2026-11-25"
