"""``egide llm status | off | on``: the kill switch. Off, every brief is extractive at
once; search, triage rules and labelling keep working."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import N_, t
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
    console().print(_status_text(data, st.lang), markup=False)


def _status_text(data: dict[str, Any], lang: str) -> str:
    """The model's state as a sentence."""
    if data["backend"] == "none":
        return t(
            "Modèle de langue : aucun n'est configuré (llm.backend = none) ; les fiches sont "
            "extractives.",
            lang,
        )
    name = f"{data['backend']} ({data['model'] or data['url'] or '—'})"
    if data["killed"]:
        text = N_(
            "Modèle de langue {name} : coupé par le coupe-circuit ; les fiches sont "
            "extractives (egide llm on pour le rétablir)."
        )
    elif data["enabled"]:
        text = N_("Modèle de langue {name} : utilisable.")
    else:
        text = N_(
            "Modèle de langue {name} : désactivé (llm.enabled = false) ; les fiches sont "
            "extractives."
        )
    return t(text, lang, name=name)


def _switch(ctx: typer.Context, killed: bool, reason: str) -> None:
    st = state(ctx)
    client = st.client()
    if client is not None:
        client.post("/llm/off" if killed else "/llm/on", {"reason": reason})
    else:
        admin.llm_switch(st.app(), killed, reason)
    text = (
        N_("Modèle de langue coupé : les fiches sont extractives dès maintenant.")
        if killed
        else N_("Modèle de langue rétabli.")
    )
    console().print(t(text, st.lang), markup=False)


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
