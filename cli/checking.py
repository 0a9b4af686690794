"""CLI commands that prepare a load: check extracts without writing, and propose a mapping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cli.base import _settings, main
from familynet import Settings
from loaders.check import check_paths, render
from loaders.mapping import SERVICE_TYPES
from loaders.propose import propose


def register_required(settings: Settings) -> bool:
    """Production refuses a source without its register entry; so does FAMILYNET_REGISTER_REQUIRED."""
    return bool(settings.register_required or settings.production)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--today", help="The date dates are judged against (ISO); default today.")
@click.option(
    "--import-root",
    envvar="FAMILYNET_IMPORT_ROOT",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder mappings may also name extracts in.",
)
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], today: str | None, import_root: Path | None) -> None:
    """Read and validate extracts by their MAPPING files (or FOLDERs) without writing anything: per
    file the counts, the first problems of each field and the fields flagged, and the register entry
    (in production a source without its register entry is refused, as the load would refuse it)."""
    settings = _settings(ctx)
    checks = check_paths(
        list(paths),
        date.fromisoformat(today) if today else date.today(),
        import_root,
        require_register=register_required(settings),
        purposes=settings.purposes,
    )
    click.echo(render(checks), nl=False)
    if any(c.error for c in checks):
        raise SystemExit(1)


@main.group()
def mapping() -> None:
    """Mapping files: how an agency's extract becomes records."""


@mapping.command("init")
@click.argument("extract", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: print).")
@click.option("--source-id", help="The system's stable id (default: from the file name).")
@click.option("--name", help="The system's name as workers will read it.")
@click.option("--authority", help="The local authority's code, e.g. STK.")
@click.option("--service-type", type=click.Choice(SERVICE_TYPES))
@click.option("--extract-date", help="The day the extract was taken (ISO).")
def init(
    extract: Path,
    out: Path | None,
    source_id: str | None,
    name: str | None,
    authority: str | None,
    service_type: str | None,
    extract_date: str | None,
) -> None:
    """Propose a mapping for EXTRACT from its header, for a data officer to check and edit."""
    text = propose(extract, source_id, name, authority, service_type, extract_date)
    if out is None:
        click.echo(text, nl=False)
        return
    if out.exists():
        raise click.ClickException(f"{out} exists: not overwritten")
    out.write_text(text, encoding="utf-8")
    click.echo(f"proposed mapping written to {out}; check it, then: familynet check {out}")
