"""`familynet matching ...`: train the match model, and the reviewers' operations (decide, split,
where a merged-away id went, the review queue)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from cli.base import _settings, _store, main
from loaders.errors import FileProblem
from loaders.match.features import features
from loaders.match.model import MatchModel
from loaders.match.review import (
    DECISIONS,
    ReviewError,
    current_id,
    decide,
    export_decisions,
    import_decisions,
    split,
)
from loaders.match.source import extract_records, graph_records
from loaders.match.train import train


@main.group()
def matching() -> None:
    """The match model and reviewers' decisions."""


@matching.command("train")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Model file to write (default: FAMILYNET_MATCH_MODEL, data/match-model.json).",
)
@click.option("--today", help="The date records are judged against (ISO), as for a load.")
@click.pass_context
def train_command(ctx: click.Context, paths: tuple[Path, ...], out: Path | None, today: str | None) -> None:
    """Re-estimate the match model (Splink: u by random sampling, m by EM) from the graph's records,
    or from the extracts of the MAPPING files or FOLDERS named, and write it as a reviewable file."""
    try:
        if paths:
            records = extract_records(list(paths), date.fromisoformat(today) if today else date.today())
            source = "extracts: " + ", ".join(str(p) for p in paths)
        else:
            with _store(ctx) as store:
                records = graph_records(store)
            source = "graph"
        model = train([features(identity) for _, identity in records], source, [k[0] for k, _ in records])
    except (FileProblem, ValueError) as e:
        raise click.ClickException(str(e)) from e
    target = out or Path(_settings(ctx).match_model)
    model.save(target)
    click.echo(
        f"trained on {len(records):,} records ({source}); prior {model.prior:.3g}; written to {target}"
    )
    for name, levels in model.to_json()["comparisons"].items():  # type: ignore[union-attr]
        weights = ", ".join(f"{level} {spec['match_weight']:+.1f}" for level, spec in levels.items())
        click.echo(f"  {name}: {weights}")
    if model.household:
        click.echo(
            f"  household: {model.household.prior:.3f} of {model.household.trained.get('pairs', 0):,} pairs "
            "sharing family name and postcode are one person"
        )
    else:
        click.echo(f"  household model not estimated: {model.trained.get('household')}")


@matching.command("decide")
@click.argument("a")
@click.argument("b")
@click.argument("decision", type=click.Choice(DECISIONS))
@click.option("--reason", required=True, help="Why: kept with the decision.")
@click.option("--by", "by", required=True, help="Who decided (user name).")
@click.pass_context
def decide_command(ctx: click.Context, a: str, b: str, decision: str, reason: str, by: str) -> None:
    """Decide whether persons A and B are the same person (merges B into A), different, or unsure."""
    with _store(ctx) as store:
        try:
            outcome = decide(store, a, b, decision, reason, by)
        except ReviewError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"{outcome.decision}: {outcome.detail or f'{a} and {b}'}")


@matching.command("split")
@click.argument("person")
@click.option(
    "--record",
    "records",
    multiple=True,
    required=True,
    metavar="SOURCE:RECORD_ID",
    help="A source record to move to the new person (repeat for more).",
)
@click.option("--reason", required=True)
@click.option("--by", "by", required=True)
@click.pass_context
def split_command(ctx: click.Context, person: str, records: tuple[str, ...], reason: str, by: str) -> None:
    """Split a wrong merge: the records named leave PERSON and form a new person."""
    keys = []
    for text in records:
        source, sep, record_id = text.partition(":")
        if not sep or not source or not record_id:
            raise click.BadParameter(f"{text!r}: give SOURCE:RECORD_ID", param_hint="--record")
        keys.append((source, record_id))
    with _store(ctx) as store:
        try:
            outcome = split(store, person, keys, reason, by)
        except ReviewError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"new person {outcome.person}" + (f"; {outcome.detail}" if outcome.detail else ""))


@matching.command("whereis")
@click.argument("uid")
@click.pass_context
def whereis_command(ctx: click.Context, uid: str) -> None:
    """The person id to use for UID: itself, or the person it was merged into."""
    with _store(ctx) as store:
        found = current_id(store, uid)
    if found is None:
        raise click.ClickException(f"no person {uid!r}")
    click.echo(found)


@matching.command("queue")
@click.option("--source", help="Only matches this source proposed.")
@click.option("--authority", help="Only people this authority knows.")
@click.option("--limit", default=20, show_default=True)
@click.pass_context
def queue_command(ctx: click.Context, source: str | None, authority: str | None, limit: int) -> None:
    """Possible matches waiting for review, most uncertain first (JSON lines)."""
    with _store(ctx) as store:
        rows = store.read("list_possible_matches", source=source, authority=authority, limit=limit)
    for row in rows:
        click.echo(json.dumps(row, default=str))


@matching.command("export-decisions")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, out: Path) -> None:
    """Write every reviewer's decision and merged-away id to OUT (JSON), e.g. before a rebuild."""
    with _store(ctx) as store:
        exported = export_decisions(store)
    out.write_text(json.dumps(exported, indent=1, default=str) + "\n", encoding="utf-8")
    click.echo(f"{len(exported['decisions'])} decisions, {len(exported['redirects'])} redirects to {out}")


@matching.command("import-decisions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, path: Path) -> None:
    """Bring decisions written by export-decisions into this graph: later loads obey them."""
    with _store(ctx) as store:
        count = import_decisions(store, json.loads(path.read_text(encoding="utf-8")))
    click.echo(f"{count} decisions imported")


__all__ = ["MatchModel", "matching"]
