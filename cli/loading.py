"""CLI commands that bring data in: load extracts and evaluate matching."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.admin import _audit, _operator
from cli.base import _settings, _store, main
from cli.checking import register_required
from loaders.evaluate import NothingInCommon, evaluate
from loaders.load import LoadReport, load_paths
from loaders.match.model import ModelError
from loaders.report import COUNTS


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--report-dir", type=click.Path(path_type=Path), help="Where the quarantine file goes.")
@click.option("--today", help="The date loads are judged against (ISO), for reproducible demos.")
@click.option("--force-older", is_flag=True, help="Load an extract older than the one its source holds.")
@click.option(
    "--import-root",
    envvar="FAMILYNET_IMPORT_ROOT",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder mappings may also name extracts in (default: only each mapping's own folder).",
)
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[Path, ...],
    report_dir: Path | None,
    today: str | None,
    force_older: bool,
    import_root: Path | None,
) -> None:
    """Load agency extracts described by MAPPING files (or every *.toml in a FOLDER); then remove the
    facts older than their source's retention period (audited)."""
    settings = _settings(ctx)
    audit = _audit(ctx)  # opened first: a load whose retention cannot be audited should not start
    report_dir = report_dir or Path("data/load-reports") / datetime.now().strftime("%Y%m%d-%H%M%S")
    console = Console(stderr=True)
    with (
        _store(ctx) as store,
        Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
        ) as bar,
    ):
        task = bar.add_task("loading", total=None)

        def progress(name: str, rows: int) -> None:
            bar.update(task, description=f"{name}: {rows:,} rows")

        try:
            report = load_paths(
                store,
                list(paths),
                report_dir,
                date.fromisoformat(today) if today else None,
                progress,
                force_older=force_older,
                import_root=import_root,
                require_register=register_required(settings),
                purposes=settings.purposes,
            )
        except ModelError as e:
            raise click.ClickException(str(e)) from e
    if report.retention:
        audit.record(_operator(), "retention_applied", via="load", sources=report.retention)
    _print_summary(report)
    if report.failed_files:
        raise SystemExit(1)


def _print_summary(report: LoadReport) -> None:
    table = Table(title="familynet load")
    table.add_column("file")
    table.add_column("source")
    for name in COUNTS:
        heading = {"flagged": "fields flagged", "no_longer_held": "no longer held"}.get(name, name)
        table.add_column(heading.replace("_", " "), justify="right")
    table.add_column("counts")
    for f in report.files:
        counts = f"ERROR: {f.error}" if f.error else ("ok" if f.conserved else "DO NOT ADD UP")
        table.add_row(Path(f.mapping).name, f.source, *(f"{getattr(f, n):,}" for n in COUNTS), counts)
    Console(width=200).print(table)
    click.echo(
        f"quarantine: {report.quarantine_path} ({report.total('quarantined'):,} rows quarantined, "
        f"{report.total('flagged'):,} fields flagged, records kept)"
    )
    if report.pending_resolved:
        click.echo(f"pending links written now that their people are loaded: {report.pending_resolved:,}")
    for line in report.pending_waiting:
        click.echo(f"pending: {line}")
    for f in report.files:
        for warning in f.warnings:
            click.echo(f"warning: {Path(f.mapping).name} ({f.source}): {warning}")
    for r in report.retention:
        click.echo(
            f"retention: {r['source']} keeps facts from {r['cutoff']} ({r['months']} months): "
            f"removed {r['involvements']:,} involvement(s) and {r['facts']:,} fact(s)"
        )
    if report.report_path:
        click.echo(f"report: {report.report_path}")


@main.command("evaluate-matching")
@click.argument("ground_truth", type=click.Path(exists=True, path_type=Path))
@click.pass_context
def evaluate_matching(ctx: click.Context, ground_truth: Path) -> None:
    """Precision, recall and F1 of the graph's person matching against a ground-truth CSV (columns
    source, record_id, person), with the blocking's pairs completeness and reduction ratio."""
    with _store(ctx) as store:
        try:
            result = evaluate(store, ground_truth)
        except NothingInCommon as e:
            raise click.ClickException(str(e)) from e
    click.echo(result.summary())
