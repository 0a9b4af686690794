"""Field validation and normalisation, table-driven."""

from __future__ import annotations

import pytest

from loaders.records import clean_text, parse_date, postcode_in

UK = ("%d/%m/%Y",)


@pytest.mark.parametrize(
    "description, value, formats, expected",
    [
        ("ISO is always accepted", "2015-03-02", UK, "2015-03-02"),
        ("declared UK format", "02/03/2015", UK, "2015-03-02"),
        ("several formats", "02-03-2015", ("%d/%m/%Y", "%d-%m-%Y"), "2015-03-02"),
        ("same date in two formats is fine", "13/03/2015", ("%d/%m/%Y", "%m/%d/%Y"), "2015-03-13"),
    ],
)
def test_dates_parse(description, value, formats, expected):
    assert parse_date(value, formats) == expected, description


@pytest.mark.parametrize(
    "description, value, formats, message",
    [
        ("impossible date", "30/02/2015", UK, "not a real date"),
        ("not a date at all", "yesterday", UK, "not a real date"),
        ("day/month ambiguous", "03/04/2015", ("%d/%m/%Y", "%m/%d/%Y"), "ambiguous"),
        ("undeclared format", "2015.03.02", UK, "date_formats"),
    ],
)
def test_bad_dates_are_refused_with_the_reason(description, value, formats, message):
    with pytest.raises(ValueError, match=message):
        parse_date(value, formats)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 Acacia Avenue, Stockport, sk41aa", "SK4 1AA"),
        ("Flat 2\n1 High St\nM1  1AE", "M1 1AE"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("no postcode here", ""),
    ],
)
def test_postcodes_are_found_and_normalised(text, expected):
    assert postcode_in(text) == expected


@pytest.mark.parametrize(
    "name, raw, expected",
    [
        ("given_name", "  Zoë  ", "Zoë"),
        ("family_name", "O'Brien", "O'Brien"),
        ("address", "12 Acacia Avenue\r\nStockport\nSK4 1AA", "12 Acacia Avenue, Stockport, SK4 1AA"),
        ("given_name", "Mary  Ann", "Mary Ann"),
    ],
)
def test_text_is_trimmed_and_addresses_folded(name, raw, expected):
    assert clean_text(raw, name) == expected


@pytest.mark.parametrize("raw, message", [("Ann\x00", "control characters"), ("x" * 201, "at most 200")])
def test_control_characters_and_huge_values_are_refused(raw, message):
    with pytest.raises(ValueError, match=message):
        clean_text(raw, "given_name")
