"""`familynet generate`: write synthetic agency extracts, their mappings and a ground-truth file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from cli.base import main
from loaders.generate import DEFAULT_TODAY, GROUND_TRUTH, generate


@main.command("generate")
@click.option(
    "--people",
    "people",
    type=click.IntRange(min=1),
    default=3000,
    show_default=True,
    help="Size of the population behind the extracts.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same files (byte for byte).")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the extracts, mappings and ground_truth.csv into.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=DEFAULT_TODAY.isoformat(),
    show_default=True,
    help="The day the extracts are taken (around it).",
)
@click.option(
    "--large-families",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also add this many extended families of 40 people (the genogram's tests and benchmark).",
)
def generate_command(people: int, seed: int, out: Path, today: datetime | date, large_families: int) -> None:
    """Write realistic multi-agency extracts with their mapping files and the ground truth."""
    day = today.date() if isinstance(today, datetime) else today
    summary = generate(people, seed, out, day, large_families)
    click.echo(
        f"{summary.people} people, {len(summary.files)} files in {summary.out} ({summary.seconds:.1f}s)"
    )
    for source_id, count in summary.records.items():
        click.echo(f"  {source_id:<12} {count:>8} person records")
    click.echo(
        f"  {'total':<12} {sum(summary.records.values()):>8}  (ground truth: {summary.out / GROUND_TRUTH})"
    )
