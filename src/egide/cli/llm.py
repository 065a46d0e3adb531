"""``egide llm status | off | on``: the kill switch. Off, every brief is extractive at
once; search, triage rules and labelling keep working."""

from __future__ import annotations

from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.errors import AccessDeniedError
from egide.errors import Bilingual as B
from egide.llm.factory import llm_enabled
from egide.security.principals import Role
from egide.store.db import transaction

group = typer.Typer(
    help="Modèle de langue : état et coupe-circuit. / LLM kill switch.", no_args_is_help=True
)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="llm")


@group.command("status")
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Dire si le modèle est utilisable."""
    app = state(ctx).app()
    app.require_user()
    data = {
        "backend": app.settings.llm.backend,
        "model": app.settings.llm.model,
        "url": app.settings.llm.url,
        "enabled": llm_enabled(app),
        "killed": app.meta("llm_killed") == "1",
    }
    if as_json:
        emit_json(data)
        return
    console().print(", ".join(f"{k}={v}" for k, v in data.items()), markup=False)


def _switch(ctx: typer.Context, killed: bool, reason: str) -> None:
    app = state(ctx).app()
    user = app.require_user()
    if not (user.has(Role.ADMIN) or user.has(Role.SECURITY_OFFICER)):
        app.record(user.name, "access.denied", {"reason": "llm switch"}, decision="deny")
        raise AccessDeniedError(
            B(
                "réservé aux administrateurs et officiers de sécurité",
                "for administrators and security officers",
            )
        )
    with transaction(app.db):
        app.set_meta("llm_killed", "1" if killed else "0")
        app.record(user.name, "llm.off" if killed else "llm.on", {"reason": reason})
    console().print("LLM : " + ("coupé" if killed else "rétabli"), markup=False)


@group.command("off")
def off(
    ctx: typer.Context, reason: Annotated[str, typer.Option("--reason", help="Motif.")] = ""
) -> None:
    """Couper le modèle immédiatement (coupe-circuit)."""
    _switch(ctx, True, reason)


@group.command("on")
def on(
    ctx: typer.Context, reason: Annotated[str, typer.Option("--reason", help="Motif.")] = ""
) -> None:
    """Rétablir le modèle."""
    _switch(ctx, False, reason)
