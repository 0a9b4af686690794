"""``familynet quality [SOURCE]``: how far each source's data can be trusted (see governance/quality.py)."""

from __future__ import annotations

import json
from datetime import date

import click
from rich.console import Console
from rich.table import Table

from cli.base import _store, main
from cli.governing import register_table
from governance.quality import LABELS, quality_report, shown
from governance.register import register_report


@main.command()
@click.argument("source", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def quality(ctx: click.Context, source: str | None, fmt: str) -> None:
    """Data quality per source (or just SOURCE, a source id): completeness, DOB format consistency,
    contacts, current/historic/none, records per person, coverage, last refresh and a stale flag;
    then the source register, overdue reviews highlighted (also: familynet register).

    Exits 1 when a source is stale, so a scheduler can alert."""
    settings = ctx.obj["settings"]
    today = date.fromisoformat(settings.today) if settings.today else date.today()
    with _store(ctx) as store:
        report = quality_report(store, today, source)
        lines = [line for line in register_report(store, today) if source is None or line.uid == source]
    if source and not report:
        raise click.ClickException(f"no source {source!r} is loaded; `familynet quality` lists them all")
    if fmt == "json":
        click.echo(json.dumps([q.as_dict() for q in report], indent=2))
    else:
        table = Table("Source", *(heading for _, heading in LABELS), show_lines=False)
        for q in report:
            table.add_row(f"{q.name} ({q.uid})", *(shown(q, key) for key, _ in LABELS))
        Console(width=400).print(table)
        Console(width=400).print(register_table(lines))
        for line in lines:
            if line.overdue:
                click.echo(
                    f"REVIEW OVERDUE: {line.name} ({line.uid}): agreement {line.entry.agreement or '?'}"
                )
    ctx.exit(1 if any(q.stale for q in report) else 0)
