"""Writes pupils.xlsx (run once; the file is kept in the repository): a school census export with a
title row above the header, a date cell, an NHS number stored as a number, ids with leading zeros
stored as text, and a date typed as text."""

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

book = Workbook()
book.active.title = "Read me"
book.active["A1"] = "Census extract, 1 November 2026"
sheet = book.create_sheet("Pupils")
sheet.append(["Hill Primary School: pupils on roll"])
sheet.append(
    ["Pupil ID", "Legal Forename", "Legal Surname", "Date of Birth", "NHS Number", "UPN", "Admission Date"]
)
sheet.append(["00101", "Ann", "Lee", datetime(2015, 2, 1), 9434765919, "A356200020005", date(2019, 9, 1)])
sheet.append(["00102", "Bob", "Lee", date(2017, 4, 3), 9434765870, "", "01/09/2021"])
sheet.append(["00103", "Cat", "Lee", "not known", 1234567890, "BAD-UPN", date(2022, 9, 1)])
book.save(Path(__file__).with_name("pupils.xlsx"))
