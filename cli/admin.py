"""CLI for administrators: users (add, set-password, list, disable, enable) and the audit trail."""

from __future__ import annotations

import getpass
import sys
from datetime import timedelta

import click

from cli.base import _settings, main
from governance import keys
from governance.audit import AuditLog
from governance.roles import ROLES
from governance.users import UserError, UserStore


def _audit(ctx: click.Context) -> AuditLog:
    settings = _settings(ctx)
    return AuditLog(settings.audit_url, key=keys.audit_key(settings))


def _operator() -> str:
    """Who ran the command, for the audit trail (the OS account; the CLI has no sign-in)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@main.group()
def users() -> None:
    """Who may sign in to the web app, with which role and authority."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--authority", required=True, help="The authority's code, e.g. STK.")
@click.option("--grant-contacts", is_flag=True, help="Analysts only: may see practitioners' contact details.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_context
def users_add(
    ctx: click.Context, name: str, role: str, authority: str, grant_contacts: bool, password_stdin: bool
) -> None:
    """Add a user; the password is asked for (twice) unless --password-stdin."""
    password = _read_password(password_stdin)
    audit = _audit(ctx)
    try:
        user = UserStore(audit.engine).add(name, password, role, authority, contacts_granted=grant_contacts)
    except UserError as e:
        raise click.ClickException(str(e)) from e
    audit.record(
        _operator(),
        "user_added",
        name=user.name,
        role=user.role,
        authority=user.authority,
        contacts_granted=user.contacts_granted,
    )
    click.echo(f"added {user.name} ({user.role}, {user.authority})")


@users.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_context
def users_set_password(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Give a user a new password; every session they have open ends at once."""
    password = _read_password(password_stdin)
    audit = _audit(ctx)
    try:
        UserStore(audit.engine).set_password(name, password)
    except UserError as e:
        raise click.ClickException(str(e)) from e
    audit.record(_operator(), "password_changed", name=name)
    click.echo(f"changed the password of {name}; their sessions have ended")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """Every user with role, authority and state."""
    for u in UserStore(_audit(ctx).engine).list():
        state = "disabled" if u.disabled else "active"
        contacts = " contacts-granted" if u.contacts_granted else ""
        click.echo(f"{u.name}\t{u.role}\t{u.authority}\t{state}{contacts}\t{u.created_at}")


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx: click.Context, name: str) -> None:
    """Stop a user signing in; every session they have open ends at once (enabling does not revive it)."""
    _set_disabled(ctx, name, True)


@users.command("enable")
@click.argument("name")
@click.pass_context
def users_enable(ctx: click.Context, name: str) -> None:
    """Let a disabled user sign in again (with a new sign-in; old sessions stay ended)."""
    _set_disabled(ctx, name, False)


def _set_disabled(ctx: click.Context, name: str, disabled: bool) -> None:
    audit = _audit(ctx)
    try:
        UserStore(audit.engine).set_disabled(name, disabled)
    except UserError as e:
        raise click.ClickException(str(e)) from e
    audit.record(_operator(), "user_disabled" if disabled else "user_enabled", name=name)
    click.echo(f"{'disabled' if disabled else 'enabled'} {name}")


@main.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """Check the whole chain; exit status 1 if any entry was edited, deleted or inserted."""
    log = _audit(ctx)
    problems = log.verify()
    head = log.head()
    if problems:
        for p in problems:
            click.echo(f"entry {p.seq}: {p.reason}", err=True)
        click.echo(f"audit trail NOT intact: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    seq, digest = head or (0, "")
    click.echo(f"audit trail intact: {seq} entries; head {digest}")


@audit.command("export")
@click.option("--from", "since", type=click.DateTime(["%Y-%m-%d"]), help="First day (inclusive, UTC).")
@click.option("--to", "until", type=click.DateTime(["%Y-%m-%d"]), help="Last day (inclusive, UTC).")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="CSV file (default stdout).")
@click.pass_context
def audit_export(ctx: click.Context, since, until, out) -> None:  # noqa: ANN001 - click types
    """Write entries of a period as CSV, with their hashes (the export itself is audited)."""
    log = _audit(ctx)
    start = since.date().isoformat() if since else None
    end = (until.date() + timedelta(days=1)).isoformat() if until else None
    count = log.export_csv(out, since=start, until=end)
    log.record(_operator(), "export", what="audit", since=start, until=end, rows=count)
    click.echo(f"exported {count} entries", err=True)


__all__ = ["audit", "users"]
