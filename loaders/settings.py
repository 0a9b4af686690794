"""The loaders' settings: when two records are the same person, and when they might be, and whether a
source without its register entry is refused."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ConfigurationError
from graph.settings import Section, setting


@dataclass(frozen=True)
class MatchSettings(Section):
    match_threshold: float = setting(0.90, "Score at or above which two records are merged into one person")
    possible_match_threshold: float = setting(
        0.75, "Score at or above which two records are kept apart but linked as a possible match"
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
