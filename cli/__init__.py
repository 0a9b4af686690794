"""The ``familynet`` command: set up the graph, load extracts, generate demo data, serve the app."""

from __future__ import annotations

import json
import logging
import sys

import click

from graph import FamilynetError, GraphStore, Settings, open_store


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


@click.group()
@click.option("--graph-url", envvar="FAMILYNET_GRAPH_URL", help="embedded://PATH, falkordb://…, neo4j://…")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.pass_context
def main(ctx: click.Context, graph_url: str | None, verbose: bool) -> None:
    """familynet: the family network explorer for children's social care."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)
    try:
        settings = Settings.from_env()
        if graph_url:
            settings = settings.with_(graph_url=graph_url)
    except FamilynetError as e:
        raise click.ClickException(str(e)) from e
    ctx.obj = {"settings": settings}


@main.command()
@click.pass_context
def schema(ctx: click.Context) -> None:
    """Install the schema's indexes and constraints in the graph."""
    with _store(ctx) as store:
        for line in store.schema_install():
            click.echo(line)


@main.command()
@click.pass_context
def health(ctx: click.Context) -> None:
    """Say whether the graph engine answers, and how many nodes of each kind it holds."""
    with _store(ctx) as store:
        status = store.health()
    click.echo(json.dumps({"ok": status.ok, "engine": status.engine, "detail": status.detail,
                           "counts": status.counts}, indent=2))  # fmt: skip
    sys.exit(0 if status.ok else 1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True)
@click.option("--debug", is_flag=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, debug: bool) -> None:
    """Serve the web app (for production, run app.wsgi:application under gunicorn)."""
    from app import create_app

    server = create_app(_settings(ctx))
    server.run(host=host, port=port, debug=debug)


def _store(ctx: click.Context) -> GraphStore:
    try:
        return open_store(_settings(ctx))
    except FamilynetError as e:
        raise click.ClickException(str(e)) from e


# Each module registers its commands on `main`.
from cli import admin, generating, loading, matching, quality, querying  # noqa: E402

__all__ = ["admin", "generating", "loading", "main", "matching", "quality", "querying"]
