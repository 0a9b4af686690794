"""Mapping files are checked value by value (issue 16 items 14 and 15): a mapping can only name an
extract inside its own folder (or the configured import root), a malformed value gets a message naming
the file and the key (never a traceback), and one bad mapping never stops the other files of a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph import Settings, open_store
from loaders.errors import FileProblem
from loaders.load import load_paths
from loaders.mapping import load_mapping

TODAY = date(2026, 11, 25)
SOURCE = """[source]
id = "{id}"
name = "Test source"
service_type = "social_care"
authority = "STK"
extract_date = "2026-11-01"
"""
RECORDS = """
[[records]]
kind = "person"
[records.fields]
source_id = "id"
given_name = "given"
family_name = "family"
"""


def mapping(folder: Path, file_table: str, name: str = "m", source: str = "src") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(SOURCE.format(id=source) + "\n[file]\n" + file_table + RECORDS, encoding="utf-8")
    return path


def people(folder: Path, name: str = "people.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("id,given,family\nA1,Ann,Lee\n", encoding="utf-8")
    return folder / name


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


@pytest.mark.parametrize(
    "description, path_line, message",
    [
        ("climbs out", 'path = "../../../../../../../../etc/passwd"', "leads outside the mapping's folder"),
        ("absolute", 'path = "/etc/passwd"', "is absolute"),
        ("into a sibling folder", 'path = "../other/people.csv"', "leads outside the mapping's folder"),
    ],
)
def test_a_mapping_cannot_name_a_file_outside_its_folder(tmp_path, description, path_line, message):
    people(tmp_path / "other")
    with pytest.raises(FileProblem, match=message) as caught:
        load_mapping(mapping(tmp_path / "maps", path_line + "\n"))
    assert str(tmp_path / "maps" / "m.toml") in str(caught.value), description
    assert "[file] path" in str(caught.value)


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    outside = people(tmp_path / "outside")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "people.csv").symlink_to(outside)
    with pytest.raises(FileProblem, match="leads outside the mapping's folder"):
        load_mapping(mapping(tmp_path / "maps", 'path = "people.csv"\n'))


def test_the_password_file_never_loads_as_people_and_the_rest_of_the_folder_does(store, tmp_path):
    folder = tmp_path / "maps"
    mapping(folder, 'path = "../../../../../../../../etc/passwd"\ndelimiter = ":"\n', name="a_evil")
    people(folder)
    mapping(folder, 'path = "people.csv"\n', name="b_good", source="good")
    report = load_paths(store, [folder], tmp_path / "report", TODAY)
    evil, good = report.files
    assert evil.error is not None and "leads outside the mapping's folder" in evil.error
    assert (good.error, good.loaded) == (None, 1)
    names = store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n").rows
    assert names == [{"n": "Ann"}]


def test_an_import_root_lets_mappings_name_extracts_kept_elsewhere(store, tmp_path):
    people(tmp_path / "drop")
    path = mapping(tmp_path / "maps", 'path = "../drop/people.csv"\n')
    with pytest.raises(FileProblem):
        load_mapping(path)
    report = load_paths(store, [path], tmp_path / "report", TODAY, import_root=tmp_path / "drop")
    assert (report.files[0].error, report.files[0].loaded) == (None, 1)


@pytest.mark.parametrize(
    "description, file_table, message",
    [
        ("two-character delimiter", 'path = "people.csv"\ndelimiter = "::"\n', "[file] delimiter = '::'"),
        ("unknown encoding", 'path = "people.csv"\nencoding = "klingon"\n', "[file] encoding 'klingon'"),
        ("not a text encoding", 'path = "people.csv"\nencoding = "base64"\n', "is not a text encoding"),
        ("date formats not texts", 'path = "people.csv"\ndate_formats = [1, 2]\n', "[file] date_formats"),
        ("date formats a text", 'path = "people.csv"\ndate_formats = "%d/%m/%Y"\n', "[file] date_formats"),
        ("format unknown", 'path = "people.csv"\nformat = "docx"\n', "[file] format = 'docx'"),
        ("path a list", 'path = ["a.csv"]\n', "[file] path must be a text"),
        ("sheet zero", 'path = "people.csv"\nsheet = 0\n', "[file] sheet = 0"),
        (
            "header row text",
            'path = "people.csv"\nheader_row = "two"\n',
            "[file] header_row must be a whole number",
        ),
        ("strict not a flag", 'path = "people.csv"\nstrict = "yes"\n', "[file] strict must be true or false"),
        ("unknown key", 'path = "people.csv"\ncolour = "red"\n', "[file]: unknown keys ['colour']"),
    ],
)
def test_every_mapping_value_is_checked_with_a_message_naming_file_and_key(
    tmp_path, description, file_table, message
):
    people(tmp_path)
    with pytest.raises(FileProblem) as caught:
        load_mapping(mapping(tmp_path, file_table))
    assert message in str(caught.value), (description, str(caught.value))
    assert str(caught.value).startswith(str(tmp_path / "m.toml")), description


@pytest.mark.parametrize(
    "description, text, message",
    [
        ("nested 50,000 deep", "a = " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than"),
        ("not UTF-8", None, "a mapping file is UTF-8 text"),
        ("not TOML", "[source\nid = 1\n", "not valid TOML"),
        ("source a text", 'source = "x"\n[file]\npath = "p.csv"\n', "[source] must be a table"),
        (
            "extract date not a date",
            SOURCE.format(id="s").replace("2026-11-01", "1 Nov") + '[file]\npath = "p.csv"\n' + RECORDS,
            'extract_date = "1 Nov" is not a date',
        ),
        (
            "value map not a table",
            SOURCE.format(id="s")
            + '[file]\npath = "p.csv"\n'
            + RECORDS
            + '[records.values]\ngiven_name = "x"\n',
            "values.given_name must be a table",
        ),
    ],
)
def test_a_malformed_mapping_gets_a_clear_message_and_no_traceback(tmp_path, description, text, message):
    path = tmp_path / "m.toml"
    if text is None:
        path.write_bytes(b'[source]\nid = "\xff\xfe"\n')
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        load_mapping(path)
    assert message in str(caught.value), (description, str(caught.value))


def test_a_bad_mapping_never_stops_the_other_files_of_the_folder(store, tmp_path):
    folder = tmp_path / "maps"
    people(folder)
    (folder / "a_deep.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    mapping(folder, 'path = "people.csv"\ndelimiter = "::"\n', name="b_delimiter", source="b")
    mapping(folder, 'path = "people.csv"\ndate_formats = [1, 2]\n', name="c_dates", source="c")
    mapping(folder, 'path = "people.csv"\n', name="d_good", source="d")
    report = load_paths(store, [folder], tmp_path / "report", TODAY)
    assert [Path(f.mapping).name for f in report.failed_files] == [
        "a_deep.toml",
        "b_delimiter.toml",
        "c_dates.toml",
    ]
    assert report.files[-1].error is None and report.files[-1].loaded == 1
    result = CliRunner().invoke(
        main,
        [
            "--graph-url",
            f"embedded://{tmp_path}/cli.db",
            "load",
            str(folder),
            "--report-dir",
            str(tmp_path / "cli"),
        ],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "b_delimiter.toml" in result.output and "delimiter" in result.output
