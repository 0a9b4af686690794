"""The loaders' settings: when two records are the same person, when they might be, which model, and
whether a source without its register entry is refused."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ConfigurationError
from graph.settings import Section, setting

DEFAULT_MATCH_MODEL = "data/match-model.json"


@dataclass(frozen=True)
class MatchSettings(Section):
    match_threshold: float = setting(
        0.90, "Match probability (Fellegi-Sunter) at or above which two records are merged into one person"
    )
    possible_match_threshold: float = setting(
        0.25, "Match probability at or above which two records are kept apart but proposed for review"
    )
    match_model: str = setting(
        DEFAULT_MATCH_MODEL,
        "The match model file `familynet matching train` writes; while absent, the shipped model is used",
    )
    register_required: bool = setting(
        False,
        "Refuse (check and load) a source whose [source.register] entry is incomplete; on in production",
    )

    def check(self) -> None:
        if not 0 < self.possible_match_threshold <= self.match_threshold <= 1:
            raise ConfigurationError(
                "match thresholds must satisfy 0 < possible_match_threshold <= match_threshold <= 1, "
                f"got {self.possible_match_threshold} and {self.match_threshold}"
            )
