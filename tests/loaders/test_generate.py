"""`familynet generate`: reproducible, realistic multi-agency extracts that load by their mapping alone."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from loaders.generate import GROUND_TRUTH, generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
# docs/mappings.md: the words a relationship `type` may use, and the kind each one means
KINDS = {
    "mother": "parent",
    "father": "parent",
    "stepmother": "parent",
    "stepfather": "parent",
    "step-parent": "parent",
    "son": "child",
    "daughter": "child",
    "brother": "sibling",
    "sister": "sibling",
    "half-sibling": "sibling",
    "step-sibling": "sibling",
    "partner": "partner",
    "ex-partner": "ex-partner",
    "kinship carer": "carer",
    "foster carer": "carer",
    "guardian": "carer",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(1500, seed=11, out=folder, today=TODAY)
    return folder


def mappings(folder: Path) -> list[tuple[Path, dict]]:
    return [(p, tomllib.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.toml"))]


def read_extract(folder: Path, doc: dict) -> tuple[list[str], Iterator[dict[str, str]]]:
    """Header and rows, read exactly as the mapping declares (encoding, delimiter, format)."""
    file = doc["file"]
    path = folder / file["path"]
    encoding = file.get("encoding", "utf-8")
    if file.get("format", "csv") == "jsonl":
        lines = path.read_text(encoding=encoding).splitlines()
        rows = [json.loads(line) for line in lines]
        return list(rows[0]), iter({k: v or "" for k, v in r.items()} for r in rows)
    text = path.read_text(encoding=encoding).removeprefix("\ufeff")  # a UTF-8 BOM is allowed
    reader = csv.reader(text.splitlines(keepends=True), delimiter=file.get("delimiter", ","), strict=True)
    header = next(reader)
    return header, (dict(zip(header, values, strict=True)) for values in reader)


def columns_named(doc: dict) -> set[str]:
    named = {v for r in doc["records"] for v in r["fields"].values() if isinstance(v, str)}
    named |= {v for k, v in doc["source"].get("coverage", {}).items() if k.endswith("_column")}
    return named


def person_records(folder: Path) -> Iterator[tuple[str, dict[str, str], dict]]:
    """(source id, the person fields of one record, the mapping) for every person record written."""
    for _, doc in mappings(folder):
        spec = next((r["fields"] for r in doc["records"] if r["kind"] == "person"), None)
        if spec is None:
            continue
        for row in read_extract(folder, doc)[1]:
            values = {name: row[col] for name, col in spec.items() if isinstance(col, str)}
            yield doc["source"]["id"], values, doc


def parse(value: str, doc: dict) -> date:
    return datetime.strptime(value, doc["file"]["date_formats"][0]).date()


def truth(folder: Path) -> dict[tuple[str, str], str]:
    with open(folder / GROUND_TRUTH, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["source", "record_id", "person"]
    found = {(r["source"], r["record_id"]): r["person"] for r in rows}
    assert len(found) == len(rows), "a (source, record id) appears twice in the ground truth"
    return found


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    a, b, c = (generate(300, seed, tmp_path / name, TODAY) for name, seed in (("a", 5), ("b", 5), ("c", 6)))
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(names) == len(a.files) == len(b.files) > 20
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert a.records == b.records
    differing = [n for n in names if (tmp_path / "a" / n).read_bytes() != (tmp_path / "c" / n).read_bytes()]
    assert GROUND_TRUTH in differing and "csc_stk_people.csv" in differing and c.records != a.records


def test_every_mapping_is_toml_naming_columns_its_extract_has_in_the_declared_encoding(out: Path) -> None:
    found = mappings(out)
    assert len(found) >= 14
    seen_encodings, seen_delimiters, formats = set(), set(), set()
    for path, doc in found:
        file = doc["file"]
        raw = (out / file["path"]).read_bytes()
        header, rows = read_extract(out, doc)
        assert columns_named(doc) <= set(header), f"{path.name}: {columns_named(doc) - set(header)}"
        assert sum(1 for _ in rows) > 0, path.name
        for kind in (r["kind"] for r in doc["records"]):
            assert kind in ("person", "household", "relationship", "involvement")
        seen_encodings.add((file["encoding"], raw.startswith(b"\xef\xbb\xbf")))
        seen_delimiters.add(file.get("delimiter"))
        formats.add(file["format"])
        if file["encoding"] == "cp1252" and not raw.isascii():
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")  # really cp1252, not UTF-8 mislabelled
    assert {("utf-8", False), ("utf-8", True), ("cp1252", False)} <= seen_encodings
    assert {",", ";"} <= seen_delimiters and formats == {"csv", "jsonl"}


def test_police_extract_is_cp1252_with_accented_names_and_coverage_columns(out: Path) -> None:
    police = [doc for _, doc in mappings(out) if doc["source"]["service_type"] == "police"]
    assert {doc["source"]["authority"] for doc in police} == {"STK", "MAN"}
    names = set()
    for doc in police:
        assert doc["file"]["encoding"] == "cp1252"
        coverage = doc["source"]["coverage"]
        assert {"current_as_of_column", "start_column", "end_column", "area_column"} <= set(coverage)
        for row in read_extract(out, doc)[1]:
            names |= {row["Forename"], row["Surname"]}
            assert parse(row[coverage["current_as_of_column"]], doc) <= TODAY
    assert any(not n.isascii() for n in names) and any("'" in n for n in names)


def test_ground_truth_has_one_row_per_person_record_of_every_extract(out: Path) -> None:
    known = truth(out)
    written = Counter()
    for source, values, _ in person_records(out):
        assert (source, values["source_id"]) in known, (source, values["source_id"])
        written[(source, values["source_id"])] += 1
    assert set(written) == set(known) and set(written.values()) == {1}
    assert len({s for s, _ in known}) >= 12


def test_people_appear_in_several_agencies_mostly_clean_sometimes_noisy(out: Path) -> None:
    known = truth(out)
    by_person: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for source, v, doc in person_records(out):
        dob = parse(v["dob"], doc).isoformat() if v.get("dob") else ""
        by_person[known[(source, v["source_id"])]].append(
            (
                source.split("-")[0],
                v["given_name"].strip().casefold(),
                v["family_name"].strip().casefold(),
                dob,
            )
        )
    several = {p: recs for p, recs in by_person.items() if len({r[0] for r in recs}) >= 2}
    assert len(several) > len(by_person) / 3
    noisy = {p for p, recs in several.items() if len({r[1:] for r in recs}) > 1}
    assert 0.05 < len(noisy) / len(several) < 0.4, len(noisy) / len(several)
    records = [r for recs in several.values() for r in recs]
    usual = Counter(r[1:] for r in records)
    assert sum(1 for r in records if usual[r[1:]] == 1) / len(records) < 0.15  # most records agree


def test_twins_and_namesakes_are_different_people(out: Path) -> None:
    known = truth(out)
    twins, namesakes = defaultdict(set), defaultdict(set)
    for source, v, _ in person_records(out):
        person = known[(source, v["source_id"])]
        family, given = v["family_name"].strip().casefold(), v["given_name"].strip().casefold()
        if v.get("dob"):
            twins[(source, family, v["dob"])].add((person, given))
        namesakes[(given, family)].add((person, v.get("dob", "")))
    assert any(
        len({p for p, _ in group}) >= 2 and len({g for _, g in group}) >= 2 for group in twins.values()
    )
    assert any(len({p for p, d in group if d}) >= 2 for group in namesakes.values())


def test_both_authorities_and_all_relationship_kinds_occur(out: Path) -> None:
    authorities = {doc["source"]["authority"] for _, doc in mappings(out)}
    assert authorities == {"STK", "MAN"}
    postcodes = [v.get("postcode") or v["address"].split("\n")[-1] for _, v, _ in person_records(out)]
    areas = Counter(m.group(1) for pc in postcodes if (m := re.match(r"([A-Z]{1,2})[0-9]", pc.upper())))
    assert set(areas) == {"SK", "M"} and min(areas.values()) > len(postcodes) / 4
    kinds = Counter()
    for _, doc in mappings(out):
        for record in (r for r in doc["records"] if r["kind"] == "relationship"):
            for row in read_extract(out, doc)[1]:
                kinds[KINDS[row[record["fields"]["type"]].lower()]] += 1
    assert {"parent", "child", "sibling", "partner", "ex-partner", "carer"} <= set(kinds)


def test_dates_are_consistent_and_never_after_the_extract_date(out: Path) -> None:
    stale = 0
    contacts = 0
    for _, doc in mappings(out):
        extract = date.fromisoformat(doc["source"]["extract_date"])
        assert TODAY - timedelta(days=30) < extract <= TODAY
        for record in doc["records"]:
            f = {k: v for k, v in record["fields"].items() if isinstance(v, str)}
            for row in read_extract(out, doc)[1]:
                values = {
                    k: parse(row[c], doc)
                    for k, c in f.items()
                    if k in ("dob", "start", "end", "last_contact", "from", "to") and row[c]
                }
                assert all(d <= extract for d in values.values()), (doc["source"]["id"], values)
                if "start" in values and "end" in values:
                    assert values["start"] <= values["end"]
                if "last_contact" in values:
                    contacts += 1
                    stale += (extract - values["last_contact"]).days > 90
                    assert values["last_contact"] >= values.get("start", date.min)
    assert contacts and 0.02 < stale / contacts < 0.5


def test_health_numbers_pass_the_nhs_mod_11_check(out: Path) -> None:
    numbers = [v["nhs_number"] for s, v, _ in person_records(out) if v.get("nhs_number")]
    assert len(numbers) > 100
    for number in numbers:
        digits = number.replace(" ", "")
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
        assert len(digits) == 10 and int(digits[9]) == (0 if check == 11 else check), number


def test_cli_writes_the_files_and_prints_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--people", "200", "--seed", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "csc-stk" in result.output and "gmp-man" in result.output and "people" in result.output
    assert (tmp_path / GROUND_TRUTH).is_file() and len(list(tmp_path.glob("*.toml"))) >= 14


@pytest.fixture
def store(fresh_store):
    return fresh_store


def test_generated_extracts_load_with_their_mappings_alone(tmp_path: Path, store) -> None:
    generate(250, seed=2, out=tmp_path / "x", today=TODAY)
    report = load_paths(store, [tmp_path / "x"], tmp_path / "report", TODAY)
    assert not report.failed_files, [f.error for f in report.failed_files]
    assert all(f.conserved for f in report.files) and report.total("quarantined") == 0
    assert report.total("read") == report.total("loaded") > 0


def test_every_involvement_names_a_reachable_lead_practitioner_and_a_status(out: Path) -> None:
    wanted = {
        "service",
        "team",
        "practitioner_name",
        "practitioner_role",
        "practitioner_phone",
        "practitioner_email",
        "start",
        "end",
        "last_contact",
        "status",
        "reason",
    }
    statuses = Counter()
    for path, doc in mappings(out):
        for record in (r for r in doc["records"] if r["kind"] == "involvement"):
            f = record["fields"]
            assert wanted <= set(f), f"{path.name}: {wanted - set(f)}"
            for row in read_extract(out, doc)[1]:
                assert re.fullmatch(r"0\d{3,4} \d{3} ?\d{3,4}", row[f["practitioner_phone"]]), row
                assert re.fullmatch(r"[a-z.'-]+@[a-z0-9.-]+\.(uk|net)", row[f["practitioner_email"]]), row
                assert row[f["practitioner_name"]] and row[f["team"]] and row[f["reason"]]
                status = row[f["status"]].lower()
                statuses[status] += 1
                assert (status in ("closed", "ended", "historic")) == bool(row[f["end"]]), (path.name, row)
    assert {"open", "closed", "current", "historic", "active", "ended"} <= set(statuses)
