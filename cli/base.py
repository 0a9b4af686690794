"""The ``familynet`` command group and what its commands share: the settings and the graph store.

Its own module so that the command modules (admin, loading, querying, ...) import it, and
cli/__init__.py imports them, without an import cycle.
"""

from __future__ import annotations

import logging

import click

from familynet import Settings
from graph import FamilynetError, GraphStore, open_store


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


def _store(ctx: click.Context) -> GraphStore:
    try:
        return open_store(_settings(ctx))
    except FamilynetError as e:
        raise click.ClickException(str(e)) from e
