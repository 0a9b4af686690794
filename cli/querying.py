"""``familynet query``: analyst Cypher from the command line, read-only and limited like the console."""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from app.analyst.results import results_csv, table_rows
from app.analyst.running import (
    ParameterError,
    describe_error,
    parameter_defaults,
    parse_param_pairs,
    run_audited,
    truncation_notice,
)
from cli.base import _store, main
from governance.audit import AuditLog
from governance.shielding import ShieldStore, scrubbed
from graph import queries
from graph.result import QueryResult

PATH_MAX, NAME_MAX = 4096, 255  # Linux's limits (os.pathconf would need an existing folder to ask)
# Exit status by outcome, so scripts can tell a refusal from a timeout from a mistake.
EXIT_CODES = {"ok": 0, "error": 1, "bad_parameters": 2, "refused": 3, "timeout": 4, "unavailable": 5}


def resolve(source: str) -> queries.NamedQuery:
    """A saved query's name (``analyst/…`` or without the prefix), a .cypher file, or Cypher text."""
    library = {q.name: q for q in queries.analyst_library()}
    for name in (source, f"analyst/{source}"):
        if name in library:
            return library[name]
    if _names_a_file(source):
        path = Path(source)
        try:
            return queries.parse(path.stem, path.read_text(encoding="utf-8"))
        except OSError as e:
            raise click.BadParameter(f"cannot read {source}: {e}", param_hint="CYPHER_OR_FILE") from e
    return queries.parse("query", source)


def _names_a_file(source: str) -> bool:
    """A path that exists (or ends in .cypher, to say so when it does not); Cypher text otherwise.

    Only strings shaped like a path reach the file system: a long one-line query would make ``stat``
    fail with "File name too long" (more than PATH_MAX bytes, or one part longer than NAME_MAX)."""
    if "\n" in source or "\x00" in source or len(os.fsencode(source)) >= PATH_MAX:
        return False
    if any(len(os.fsencode(part)) > NAME_MAX for part in Path(source).parts):
        return False
    if source.endswith(".cypher"):
        return True
    try:
        return Path(source).is_file()
    except OSError:  # anything else the system refuses: not a file we can read, so it is text
        return False


@main.command()
@click.argument("cypher_or_file")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter; VALUE is read as JSON when it can be (90, true, [1,2]), else as text.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--timeout", type=float, help="Time limit in seconds (default: FAMILYNET_QUERY_TIMEOUT_S, 10).")
@click.option("--limit", type=int, help="Row limit (default: FAMILYNET_QUERY_ROW_LIMIT, 1000).")
@click.pass_context
def query(
    ctx: click.Context,
    cypher_or_file: str,
    params: tuple[str, ...],
    fmt: str,
    timeout: float | None,
    limit: int | None,
) -> None:
    """Run read-only Cypher: a saved analyst query by name, a .cypher file, or the text itself.

    Queries that would change the graph are refused; the run stops at the time limit and returns at
    most the row limit. Every run is recorded in the audit trail.
    """
    if (timeout is not None and timeout <= 0) or (limit is not None and limit <= 0):
        raise click.BadParameter("--timeout and --limit must be positive")
    settings = ctx.obj["settings"]
    named = resolve(cypher_or_file)
    today = date.fromisoformat(settings.today) if settings.today else date.today()
    try:
        values = {**parameter_defaults(named, today), **parse_param_pairs(params)}
    except ParameterError as e:
        raise click.BadParameter(str(e), param_hint="--param") from e
    row_limit = limit or settings.query_row_limit
    with _store(ctx) as store:
        audit = AuditLog(settings.audit_url)
        outcome = run_audited(
            store,
            audit,
            f"cli:{getpass.getuser()}",
            named.text,
            values,
            timeout_s=timeout,
            row_limit=row_limit,
        )
        if not outcome.ok or outcome.result is None:
            click.echo(f"familynet query: {outcome.kind}: {describe_error(named.text, outcome)}", err=True)
            ctx.exit(EXIT_CODES.get(outcome.kind, 1))
            return
        result = scrubbed(outcome.result, store, ShieldStore(audit.engine))  # withheld addresses stay so
    _print(result, fmt)
    notice = truncation_notice(result, row_limit)
    if notice:
        click.echo(notice, err=True)


def _print(result: QueryResult, fmt: str) -> None:
    if fmt == "json":
        body = {
            "columns": result.columns,
            "rows": result.rows,
            "truncated": result.truncated,
            "elapsed_ms": round(result.elapsed_ms, 1),
        }
        click.echo(json.dumps(body, indent=2, default=str))
    elif fmt == "csv":
        sys.stdout.write(results_csv(result.columns, result.rows))
    else:
        table = Table(*result.columns, show_lines=False)
        for row in table_rows(result.columns, result.rows):
            table.add_row(*(str(row[c]) for c in result.columns))
        Console(width=200).print(table)
        click.echo(f"{len(result.rows)} row(s) in {result.elapsed_ms:.0f} ms")
