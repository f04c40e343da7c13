"""``competency-graph users add|list|remove|set-role|key``: the accounts of the web workspace
and the API keys of scripts (docs/web.md). The accounts file is chosen like the store
(``COMPETENCY_GRAPH_ACCOUNTS``, default beside the store)."""

from __future__ import annotations

import os

import typer

from competency_graph.cli.app import app, err, handle_errors, out, settings
from competency_graph.services.accounts import ROLES, open_accounts

users_app = typer.Typer(help="Users of the web workspace and their roles (viewer, editor, admin).",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")

_ROLE_HELP = "viewer (read), editor (import and edit programmes and indicators) or admin."


def _password() -> str:
    given = os.environ.get("COMPETENCY_GRAPH_PASSWORD")
    if given:
        return given
    value: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
@handle_errors
def add(name: str = typer.Argument(..., help="User name (letters, digits, . _ @ -)."),
        role: str = typer.Option("viewer", "--role", help=_ROLE_HELP)) -> None:
    """Add a user; the password comes from COMPETENCY_GRAPH_PASSWORD or is prompted for."""
    accounts = open_accounts(settings())
    if role not in ROLES:
        err.print(f"error: unknown role {role!r}; choose one of {', '.join(ROLES)}")
        raise typer.Exit(2)
    user = accounts.add(name, role, _password())
    out.print(f"added {user.name} ({user.role})", markup=False)


@users_app.command("list")
@handle_errors
def list_() -> None:
    """List the users with their roles and number of API keys."""
    for user in open_accounts(settings()).users():
        out.print(f"{user.name:<24} {user.role:<7} keys={user.keys:<3} {user.created}",
                  markup=False)


@users_app.command("remove")
@handle_errors
def remove(name: str = typer.Argument(..., help="User name.")) -> None:
    """Remove a user and its API keys."""
    open_accounts(settings()).remove(name)
    out.print(f"removed {name}", markup=False)


@users_app.command("set-role")
@handle_errors
def set_role(name: str = typer.Argument(..., help="User name."),
             role: str = typer.Argument(..., help=_ROLE_HELP)) -> None:
    """Change a user's role."""
    open_accounts(settings()).set_role(name, role)
    out.print(f"{name} is now {role}", markup=False)


@users_app.command("key")
@handle_errors
def key(name: str = typer.Argument(..., help="User name.")) -> None:
    """Issue an API key for scripts (header X-API-Key); it carries the user's role. Printed
    once: only its hash is stored."""
    out.print(open_accounts(settings()).issue_key(name), markup=False)
