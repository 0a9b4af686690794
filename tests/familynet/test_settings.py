"""Settings: one URL chooses the graph engine, and a wrong setting stops start-up with a clear message."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from familynet import Settings
from familynet.settings import SECTIONS, markdown_table
from graph.errors import ConfigurationError
from graph.settings import DEFAULT_GRAPH_URL, GraphSettings


def test_defaults_use_the_embedded_engine_in_the_data_folder() -> None:
    settings = Settings.from_env({})
    assert settings.graph_url == DEFAULT_GRAPH_URL
    assert settings.engine == "embedded"
    assert settings.embedded_path == Path("data/familynet.db")
    assert settings.production is False


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("embedded://data/familynet.db", "embedded"),
        ("embedded:///var/lib/familynet/graph.db", "embedded"),
        ("falkordb://localhost:6379", "falkordb"),
        ("neo4j://neo4j.example.org:7687", "neo4j"),
        ("neo4j+s://cluster.example.org", "neo4j"),
        ("neo4j+ssc://cluster.example.org", "neo4j"),
        ("bolt://localhost:7687", "neo4j"),
        ("bolt+s://localhost:7687", "neo4j"),
    ],
)
def test_the_graph_url_scheme_chooses_the_engine(url: str, engine: str) -> None:
    assert Settings.from_env({"FAMILYNET_GRAPH_URL": url}).engine == engine


def test_an_absolute_embedded_path_is_kept() -> None:
    settings = Settings(graph_url="embedded:///var/lib/familynet/graph.db")
    assert settings.embedded_path == Path("/var/lib/familynet/graph.db")


@pytest.mark.parametrize("url", ["http://localhost:7474", "redis://localhost:6379", "data/familynet.db", ""])
def test_an_unknown_scheme_is_refused_naming_the_accepted_ones(url: str) -> None:
    with pytest.raises(ConfigurationError, match="unknown scheme.*neo4j://"):
        Settings.from_env({"FAMILYNET_GRAPH_URL": url})


@pytest.mark.parametrize(
    ("url", "message"),
    [("neo4j://neo4j.example.org:seven", "port is not a number"), ("bolt://", "no host name")],
)
def test_a_server_url_needs_a_host_and_a_numeric_port(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings(graph_url=url)


def test_from_env_reads_familynet_variables_with_their_types() -> None:
    settings = Settings.from_env(
        {
            "FAMILYNET_NEO4J_DATABASE": "families",
            "FAMILYNET_QUERY_TIMEOUT_S": "2.5",
            "FAMILYNET_QUERY_ROW_LIMIT": "50",
            "FAMILYNET_MATCH_THRESHOLD": "0.95",
            "FAMILYNET_PRODUCTION": "yes",
            "FAMILYNET_SECRET_KEY": "s3cret",
            "FAMILYNET_TODAY": "2025-06-01",
            "UNRELATED": "ignored",
        }
    )
    assert settings.neo4j_database == "families"
    assert settings.query_timeout_s == 2.5
    assert settings.query_row_limit == 50
    assert settings.match_threshold == 0.95
    assert settings.production is True
    assert settings.today == "2025-06-01"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]
)
def test_booleans_accept_the_usual_words(raw: str, expected: bool) -> None:
    assert Settings.from_env({"FAMILYNET_SECURE_COOKIES": raw}).secure_cookies is expected


def test_an_empty_optional_setting_means_not_set() -> None:
    assert Settings.from_env({"FAMILYNET_TODAY": ""}).today is None


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("FAMILYNET_QUERY_ROW_LIMIT", "many"),
        ("FAMILYNET_QUERY_ROW_LIMIT", "1.5"),
        ("FAMILYNET_QUERY_TIMEOUT_S", "ten"),
        ("FAMILYNET_PRODUCTION", "ture"),  # a typo must not quietly mean "not production"
    ],
)
def test_a_value_of_the_wrong_type_names_the_variable(variable: str, raw: str) -> None:
    with pytest.raises(ConfigurationError, match=f"{variable}='{raw}' is not a valid"):
        Settings.from_env({variable: raw})


@pytest.mark.parametrize(
    ("description", "changes", "message"),
    [
        ("possible above match", {"possible_match_threshold": 0.95, "match_threshold": 0.9}, "thresholds"),
        ("match above one", {"match_threshold": 1.2}, "thresholds"),
        ("possible at zero", {"possible_match_threshold": 0.0}, "thresholds"),
        ("fresh longer than ageing", {"fresh_days": 100, "ageing_days": 90}, "fresh_days"),
        ("fresh at zero", {"fresh_days": 0}, "fresh_days"),
        ("zero timeout", {"query_timeout_s": 0}, "positive"),
        ("negative row limit", {"query_row_limit": -1}, "positive"),
        ("zero batch size", {"write_batch_size": 0}, "positive"),
        ("today not a date", {"today": "01/06/2025"}, "FAMILYNET_TODAY"),
        ("production without a secret key", {"production": True}, "FAMILYNET_SECRET_KEY is required"),
    ],
)
def test_invalid_settings_are_refused(description: str, changes: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings(**changes)  # type: ignore[arg-type]


def test_equal_thresholds_and_production_with_a_key_are_accepted() -> None:
    settings = Settings(possible_match_threshold=0.9, match_threshold=0.9, production=True, secret_key="k")
    assert settings.production and settings.match_threshold == settings.possible_match_threshold


def test_with_returns_a_changed_copy_and_validates_it() -> None:
    settings = Settings()
    assert settings.with_(query_row_limit=5).query_row_limit == 5
    assert settings.query_row_limit == 1000
    with pytest.raises(ConfigurationError):
        settings.with_(query_row_limit=0)


def test_each_setting_is_owned_by_one_section_and_the_settings_hold_them_all() -> None:
    names = [f.name for section in SECTIONS for f in fields(section)]
    assert len(names) == len(set(names)), "two sections define the same setting"
    assert {f.name for f in fields(Settings)} == set(names)
    assert all(f.metadata.get("description") for section in SECTIONS for f in fields(section))
    assert isinstance(Settings(), GraphSettings) and not isinstance(GraphSettings(), Settings)


def test_the_readme_table_of_settings_is_the_one_the_fields_describe() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, (
        "README.md: paste familynet.settings.markdown_table() into Configuration"
    )
