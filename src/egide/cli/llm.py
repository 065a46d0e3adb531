"""``egide llm status | off | on``: the kill switch. Off, every brief is extractive at
once; search, triage rules and labelling keep working."""

from __future__ import annotations

from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.ops import admin

group = typer.Typer(
    help="Modèle de langue : état et coupe-circuit.", no_args_is_help=True
)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="llm")


@group.command("status")
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Dire si le modèle est utilisable."""
    st = state(ctx)
    client = st.client()
    data = client.get("/llm") if client is not None else admin.llm_status(st.app())
    if as_json:
        emit_json(data)
        return
    console().print(", ".join(f"{k}={v}" for k, v in data.items()), markup=False)


def _switch(ctx: typer.Context, killed: bool, reason: str) -> None:
    st = state(ctx)
    client = st.client()
    if client is not None:
        client.post("/llm/off" if killed else "/llm/on", {"reason": reason})
    else:
        admin.llm_switch(st.app(), killed, reason)
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
