"""``egide user add | list | password`` (administrators; anyone for their own password)
and ``egide token create | list | revoke`` (API tokens for scripts)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.ops import users as ops
from egide.products.dtg import dtg_of

group = typer.Typer(help="Gérer les utilisateurs.", no_args_is_help=True)
tokens = typer.Typer(help="Jetons d'API pour les scripts.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="user")
    cli.add_typer(tokens, name="token")


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
    """Enregistrer un utilisateur."""
    st = state(ctx)
    client = st.client()
    new: dict[str, Any] = (
        client.post(
            "/users",
            {
                "name": name,
                "clearance": clearance,
                "nationality": nationality,
                "compartments": compartment or [],
                "roles": role,
                "login": login,
            },
        )
        if client is not None
        else ops.add(st.app(), name, clearance, nationality, compartment, role, login)
    )
    if as_json:
        emit_json(new)
        return
    console().print(
        t(
            "Utilisateur ajouté : {name} — habilitation {clearance}, {nationality}, rôles {roles}.",
            st.lang,
            name=new["name"],
            clearance=new["clearance"],
            nationality=new["nationality"],
            roles=", ".join(new["roles"]),
        )
    )


@group.command("list")
def list_users(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les utilisateurs."""
    st = state(ctx)
    client = st.client()
    registered = client.get("/users")["users"] if client is not None else ops.listing(st.app())
    if as_json:
        emit_json({"users": registered})
        return
    out = console()
    for u in registered:
        out.print(
            f"{u['name']:<20} {u['clearance']:<3} {u['nationality']} "
            f"{','.join(u['compartments']) or '-':<16} {','.join(u['roles'])}",
            markup=False,
        )


@group.command("password")
def password(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="L'utilisateur.")],
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Lire le mot de passe sur l'entrée standard.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Définir le mot de passe de connexion au service."""
    st = state(ctx)
    if stdin:
        secret = sys.stdin.readline().rstrip("\n")
    else:
        secret = typer.prompt(t("Nouveau mot de passe", st.lang), hide_input=True,
                              confirmation_prompt=True)
    client = st.client()
    done = (
        client.post(f"/users/{name}/password", {"password": secret})
        if client is not None
        else ops.set_password(st.app(), name, secret)
    )
    if as_json:
        emit_json(done)
        return
    text = t(
        "Mot de passe de {name} enregistré ; ses sessions ouvertes sont closes.", st.lang, name=name
    )
    console().print(text, markup=False)


@tokens.command("create")
def create_token(
    ctx: typer.Context,
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="read (défaut) ou write (répétable).")
    ] = None,
    days: Annotated[float, typer.Option("--days", min=0.001, max=366)] = 30.0,
    as_json: JsonOpt = False,
) -> None:
    """Créer un jeton pour vos scripts (affiché une seule fois)."""
    st = state(ctx)
    client = st.client()
    made = (
        client.post("/tokens", {"scopes": scope or ["read"], "days": days})
        if client is not None
        else ops.create_token(st.app(), scope or ["read"], days)
    )
    if as_json:
        emit_json(made)
        return
    console().print(
        t("Jeton {id} ({scopes}, jusqu'au {expires}) : {secret}\nNotez-le : il ne sera plus "
          "affiché.", st.lang, id=made["id"], scopes=",".join(made["scopes"]),
          expires=dtg_of(made["expires_at"]), secret=made["secret"]),
        markup=False,
    )


@tokens.command("list")
def list_tokens(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Vos jetons (tous pour un administrateur)."""
    st = state(ctx)
    client = st.client()
    found = client.get("/tokens")["tokens"] if client is not None else ops.tokens(st.app())
    if as_json:
        emit_json({"tokens": found})
        return
    if not found:
        console().print(t("Aucun jeton.", st.lang), markup=False)
    for tok in found:
        console().print(
            f"{tok['id']:<14} {tok['user']:<18} {','.join(tok['scopes']):<11} "
            f"{dtg_of(tok['expires_at'])} {dtg_of(tok['revoked_at']) if tok['revoked_at'] else ''}",
            markup=False,
        )


@tokens.command("revoke")
def revoke_token(
    ctx: typer.Context, ident: Annotated[str, typer.Argument(help="Identifiant du jeton.")],
    as_json: JsonOpt = False,
) -> None:
    """Révoquer un jeton."""
    st = state(ctx)
    client = st.client()
    done = client.delete(f"/tokens/{ident}") if client is not None else ops.revoke_token(
        st.app(), ident
    )
    if as_json:
        emit_json(done)
        return
    console().print(t("Jeton {id} révoqué.", st.lang, id=ident), markup=False)
