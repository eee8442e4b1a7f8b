"""`mfgxai hub`: the centre's JupyterHub (every client's app at one address) and its users."""
from __future__ import annotations

import os
import sys
from typing import Optional

import typer
from rich.table import Table

from .console import console

hub_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                      help="The centre's hub: each client logs in and sees its engagement's app, nothing else.")


@hub_app.callback()
def hub(ctx: typer.Context, port: int = typer.Option(8000, help="Port of the hub's address."),
        ip: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every network of the machine)."),
        idle_minutes: int = typer.Option(30, min=1, help="An app unused this long is stopped; a visit restarts it.")):
    """Start the hub (Ctrl-C stops it): state in hub/ of the checkout, or MFGXAI_HUB."""
    if ctx.invoked_subcommand:
        return
    from ..hub.config import HubSettings, hub_command
    from ..hub.users import hub_dir, load_users

    command = hub_command(HubSettings(port=port, ip=ip, idle_seconds=idle_minutes * 60))
    if not load_users():
        console.print("No hub users yet: add one with `mfgxai hub add-user NAME --engagement SLUG` (or --admin).")
    console.print(f"The hub is starting at http://{ip}:{port}/ (state in {hub_dir()}; Ctrl-C stops it).")
    sys.stdout.flush()
    os.chdir(hub_dir())
    os.execve(sys.executable, command, {**os.environ, "MFGXAI_HUB": str(hub_dir())})


@hub_app.command("add-user")
def add_user(name: str, engagement: Optional[str] = typer.Option(None, help="The client's engagement (its app)."),
             admin: bool = typer.Option(False, "--admin", help="A consultant: opens every client's app."),
             password: Optional[str] = typer.Option(None, help="At least 10 characters (default: a new random one).")):
    """Add a client company (--engagement) or a consultant (--admin); prints the password to pass on."""
    from ..hub.users import add_user as add

    given = add(name, engagement, admin, password)
    console.print(f"Hub user {name} added; password: {given}", highlight=False)


@hub_app.command("remove-user")
def remove_user(name: str):
    """Remove a user: the next login fails, an open session ends within five minutes."""
    from ..hub.users import remove_user as remove

    remove(name)
    console.print(f"Hub user {name} removed.")


@hub_app.command("reset-password")
def reset_password(name: str, password: Optional[str] = typer.Option(None, help="Default: a new random one.")):
    """Give a user a new password (printed)."""
    from ..hub.users import reset_password as reset

    console.print(f"New password of {name}: {reset(name, password)}", highlight=False)


@hub_app.command("list")
def list_users():
    """The hub's users and the engagement each opens."""
    from ..hub.users import load_users

    table = Table(title="Hub users")
    for header in ("user", "engagement", "role"):
        table.add_column(header)
    for name, user in sorted(load_users().items()):
        table.add_row(name, user["engagement"] or "(all)", "consultant" if user["admin"] else "client")
    console.print(table)


@hub_app.command("access")
def access(slug: str, as_json: bool = typer.Option(False, "--json", help="JSON instead of a table.")):
    """Who opened an engagement's app, and when it started and stopped (UTC)."""
    import json

    from ..hub.access import log_path, read_log

    events = read_log(slug)
    if as_json:
        print(json.dumps(events, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"Access to the app of {slug} ({log_path(slug)})")
    for header in ("time", "user", "event"):
        table.add_column(header)
    for event in events:
        table.add_row(event["time"], event["user"], event["event"])
    console.print(table)
