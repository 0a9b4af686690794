"""CLI for information governance: the source register, retention, shields and decisions not to share.

Every change is written to the audit trail under the operator's name (``cli:<account>``); a shield's
or decision's audit entry names the person or household by id, never an address.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Protocol

import click
from rich.console import Console
from rich.table import Table

from cli.admin import _audit, _operator
from cli.base import _settings, _store, main
from governance.register import COLUMNS, register_report
from governance.shielding import REASON_CATEGORIES, ShieldError, ShieldStore, overdue, shield_set
from governance.shielding import validate as validate_shield
from governance.withholding import WithholdingError, WithholdingStore
from governance.withholding import overdue as decision_overdue
from governance.withholding import validate as validate_decision
from loaders.retention import apply_retention


class _Lifts[T](Protocol):
    def lift(self, ident: int, by: str) -> T: ...


@contextmanager
def _refused(error: type[Exception]) -> Iterator[None]:
    """A store's refusal (unknown id, bad review date, ...) as the command's error message."""
    try:
        yield
    except error as e:
        raise click.ClickException(str(e)) from e


def _echo_in_force(cells: list[str], review: str, late: bool, by: str) -> None:
    """One entry in force, tab-separated, its review marked when overdue (shields and decisions alike)."""
    click.echo("\t".join([*cells, f"review {review}{' OVERDUE' if late else ''}", by]))


def _lift[T](
    ctx: click.Context,
    ident: int,
    store: Callable[[Any], _Lifts[T]],
    error: type[Exception],
    action: str,
    detail: Callable[[T], dict[str, Any]],
) -> T:
    """Lift an entry by its number under the operator's name, then write the audit entry."""
    audit = _audit(ctx)
    with _refused(error):
        lifted = store(audit.engine).lift(ident, _operator())
    audit.record(_operator(), action, **detail(lifted))
    return lifted


def _today(ctx: click.Context, given: str | None = None) -> date:
    settings = _settings(ctx)
    return date.fromisoformat(given or settings.today or date.today().isoformat())


def register_table(lines: list) -> Table:  # noqa: ANN001 - RegisterLine
    table = Table("Source", *(heading for _, heading in COLUMNS), "Missing", show_lines=True)
    for line in lines:
        review = line.shown("agreement_review")
        cells = [line.shown(k) if k != "agreement_review" else review for k, _ in COLUMNS]
        if line.overdue:
            cells[1] = f"[bold red]{review}[/]"
        table.add_row(f"{line.name} ({line.uid})", *cells, ", ".join(line.missing) or "—")
    return table


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def register(ctx: click.Context, fmt: str) -> None:
    """The source register: per source its agreement (and review date), lawful basis, DPIA, data
    owner, retention and permitted purposes. Exits 1 when a review is overdue or an entry incomplete."""
    with _store(ctx) as store:
        lines = register_report(store, _today(ctx))
    if fmt == "json":
        click.echo(json.dumps([line.as_dict() for line in lines], indent=2))
    else:
        Console(width=300).print(register_table(lines))
        for line in lines:
            for warning in line.warnings:
                click.echo(f"warning: {line.uid}: {warning}")
    ctx.exit(1 if any(line.overdue or line.missing for line in lines) else 0)


@main.group()
def retention() -> None:
    """Facts older than their source's retention period ([source.register] retention)."""


@retention.command("apply")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; remove nothing.")
@click.option("--today", help="The date retention is measured from (ISO); default today.")
@click.pass_context
def retention_apply(ctx: click.Context, dry_run: bool, today: str | None) -> None:
    """Remove every source's involvements and facts older than its retention period (a load does it
    too). Nothing else is removed: people, addresses, services and practitioners stay. Audited."""
    audit = _audit(ctx)
    with _store(ctx) as store:
        removed = apply_retention(store, _today(ctx, today), dry_run=dry_run)
    if not dry_run:
        audit.record(_operator(), "retention_applied", via="cli", sources=[r.as_dict() for r in removed])
    verb = "would remove" if dry_run else "removed"
    for r in removed:
        click.echo(
            f"{r.source}: keeps facts from {r.cutoff} ({r.months} months); {verb} "
            f"{r.involvements:,} involvement(s) and {r.facts:,} fact(s)"
        )
    if not removed:
        click.echo("no source states a retention period ([source.register] retention)")


@main.group()
def shield() -> None:
    """Shielded people and addresses: their location is never shown, exported, printed or sent."""


def _add_shield(ctx: click.Context, kind: str, subject: str, reason: str, review: str) -> None:
    audit = _audit(ctx)
    with _refused(ShieldError):
        reason, review = validate_shield(reason, review, _today(ctx))
        made = ShieldStore(audit.engine).add(kind, subject, reason, review, _operator())
    audit.record(
        _operator(), "shield_set", shield=made.ident, kind=kind, subject=subject, reason=reason, review=review
    )
    click.echo(f"shield {made.ident}: {kind} {subject} shielded ({reason}), review by {review}")


REASON = click.option("--reason", required=True, type=click.Choice(REASON_CATEGORIES, case_sensitive=False))
REVIEW = click.option("--review", required=True, help="When the shield is reviewed (YYYY-MM-DD).")


@shield.command("person")
@click.argument("person_id")
@REASON
@REVIEW
@click.pass_context
def shield_person(ctx: click.Context, person_id: str, reason: str, review: str) -> None:
    """Shield a person (by familynet id): every address of theirs, their postcode, school, GP practice
    and other location services are withheld everywhere; only roles that may see shielded people see
    that they are in the family, and opening them needs a further confirmation."""
    with _store(ctx) as store:
        if not store.read("get_person_access", id=person_id):
            raise click.ClickException(f"no person {person_id!r} is in the graph")
    _add_shield(ctx, "person", person_id, reason, review)


@shield.command("address")
@click.argument("household_id")
@REASON
@REVIEW
@click.pass_context
def shield_address(ctx: click.Context, household_id: str, reason: str, review: str) -> None:
    """Shield one address (by household id, e.g. from the admin page): it shows as "address withheld"."""
    with _store(ctx) as store:
        if not store.read("list_shielded_households", uids=[household_id]):
            raise click.ClickException(f"no household {household_id!r} is in the graph")
    _add_shield(ctx, "address", household_id, reason, review)


@shield.command("list")
@click.pass_context
def shield_list(ctx: click.Context) -> None:
    """Every shield in force (sources' and administrators'), overdue reviews marked."""
    audit, today = _audit(ctx), _today(ctx)
    with _store(ctx) as store:
        shields = shield_set(store, ShieldStore(audit.engine))
    for s in [*shields.people.values(), *shields.addresses.values()]:
        ident = f"#{s.ident}" if s.ident else "source"
        _echo_in_force(
            [ident, s.kind, s.uid, s.reason], s.review or "not stated", overdue(s, today), s.set_by
        )


@shield.command("lift")
@click.argument("ident", type=int)
@click.pass_context
def shield_lift(ctx: click.Context, ident: int) -> None:
    """Lift an administrator's shield by its number (a source's shield is lifted by the source)."""
    lifted = _lift(
        ctx,
        ident,
        ShieldStore,
        ShieldError,
        "shield_lifted",
        lambda s: {"shield": ident, "kind": s.kind, "subject": s.uid},
    )
    click.echo(f"shield {ident} lifted ({lifted.kind} {lifted.uid})")


@main.group()
def withhold() -> None:
    """Decisions not to share: a source's facts about a person withheld from everyone else."""


@withhold.command("add")
@click.argument("person_id")
@click.argument("source_id")
@click.option("--kind", default="", help="Only facts of this kind (e.g. offence); default everything.")
@click.option("--reason", required=True, help="Why sharing would be more detrimental to the child.")
@REVIEW
@click.option("--by", "by", required=True, help="The data owner or worker who decided (recorded).")
@click.pass_context
def withhold_add(
    ctx: click.Context, person_id: str, source_id: str, kind: str, reason: str, review: str, by: str
) -> None:
    """Record a data owner's decision not to share SOURCE_ID's facts about PERSON_ID."""
    audit = _audit(ctx)
    with _refused(WithholdingError):
        reason, review = validate_decision(reason, review, _today(ctx))
        made = WithholdingStore(audit.engine).record(person_id, source_id, kind, reason, review, by)
    audit.record(
        _operator(),
        "withholding_recorded",
        decision=made.ident,
        person=person_id,
        source=source_id,
        kind=kind,
        reason=reason,
        review=review,
        decided_by=by,
    )
    click.echo(
        f"decision {made.ident}: {source_id} withholds {made.what} about {person_id} until review {review}"
    )


@withhold.command("list")
@click.pass_context
def withhold_list(ctx: click.Context) -> None:
    """Every decision not to share in force, overdue reviews marked."""
    today = _today(ctx)
    for d in WithholdingStore(_audit(ctx).engine).active():
        cells = [f"#{d.ident}", d.person, d.source, d.kind or "all"]
        _echo_in_force(cells, d.review, decision_overdue(d, today), d.recorded_by)


@withhold.command("lift")
@click.argument("ident", type=int)
@click.pass_context
def withhold_lift(ctx: click.Context, ident: int) -> None:
    """Lift a decision not to share by its number: the facts are shared again."""
    _lift(
        ctx,
        ident,
        WithholdingStore,
        WithholdingError,
        "withholding_lifted",
        lambda d: {"decision": ident, "person": d.person, "source": d.source},
    )
    click.echo(f"decision {ident} lifted")
