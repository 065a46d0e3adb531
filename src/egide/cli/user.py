"""``egide user add`` and ``egide user list`` (administrators only)."""

from __future__ import annotations

from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.security.principals import Role, make_user
from egide.store import users
from egide.store.db import transaction

group = typer.Typer(help="Gérer les utilisateurs. / Manage users.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="user")


@group.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Nom (minuscules).")],
    clearance: Annotated[str, typer.Option("--clearance", help="NP, DR, S ou TS.")],
    nationality: Annotated[str, typer.Option("--nationality", help="Code ISO à 3 lettres.")],
    compartment: Annotated[
        list[str] | None, typer.Option("--compartment", help="Compartiment (répétable).")
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", help="analyst, validator, admin ou security_officer (répétable)."),
    ] = None,
    login: Annotated[
        str | None, typer.Option("--login", help="Compte système associé (défaut : le nom).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Enregistrer un utilisateur. / Register a user."""
    st = state(ctx)
    app = st.app()
    admin = app.require_user(Role.ADMIN)
    new = make_user(name, clearance, nationality, compartment, role, login)
    with transaction(app.db):
        users.add(app.db, new, app.seal)
        app.record(admin.name, "user.add", new.to_dict())
    if as_json:
        emit_json(new.to_dict())
        return
    console().print(
        t(
            "user.added",
            st.lang,
            name=new.name,
            clearance=new.clearance.name,
            nationality=new.nationality,
            roles=", ".join(sorted(r.value for r in new.roles)),
        )
    )


@group.command("list")
def list_users(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les utilisateurs. / List users."""
    app = state(ctx).app()
    app.require_user(Role.ADMIN)
    registered = users.all_users(app.db, app.seal)
    if as_json:
        emit_json({"users": [u.to_dict() for u in registered]})
        return
    out = console()
    for u in registered:
        out.print(
            f"{u.name:<20} {u.clearance.name:<3} {u.nationality} "
            f"{','.join(sorted(u.compartments)) or '-':<16} "
            f"{','.join(sorted(r.value for r in u.roles))}"
        )
