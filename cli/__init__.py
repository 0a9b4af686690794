"""The ``familynet`` command: set up the graph, load extracts, generate demo data, serve the app."""

from __future__ import annotations

import json
import sys

import click

from cli.base import _settings, _store, main


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
    click.echo(
        json.dumps(
            {"ok": status.ok, "engine": status.engine, "detail": status.detail, "counts": status.counts},
            indent=2,
        )
    )
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


# Each module registers its commands on `main` (cli/base.py) when it is imported.
from cli import admin, checking, generating, governing, loading, matching, quality, querying  # noqa: E402

__all__ = [
    "admin",
    "checking",
    "generating",
    "governing",
    "loading",
    "main",
    "matching",
    "quality",
    "querying",
]
