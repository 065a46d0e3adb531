"""``egide doctor`` (administrators and security officers)."""

from __future__ import annotations

from typing import Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.ops import admin

PROBLEM_EXIT = 1


def register(cli: typer.Typer) -> None:
    cli.command("doctor")(doctor)


def doctor(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """État du garde réseau, du magasin, du journal d'audit et des modèles."""
    st = state(ctx)
    client = st.client()
    report = client.get("/doctor") if client is not None else admin.doctor(st.app())
    if as_json:
        emit_json(report)
    else:
        out = console()
        for name, part in report.items():
            if isinstance(part, dict):
                mark = "✓" if part["ok"] else "✗"
                details = ", ".join(f"{k}={_short(v)}" for k, v in part.items() if k != "ok")
                out.print(f"{mark} {name:<8} {details}", markup=False)
    if not report["ok"]:
        raise typer.Exit(PROBLEM_EXIT)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 70 else text[:69] + "…"
