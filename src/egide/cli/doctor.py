"""``egide doctor`` (administrators and security officers)."""

from __future__ import annotations

from typing import Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.doctor import diagnose
from egide.errors import AccessDeniedError
from egide.errors import Bilingual as B
from egide.models.registry import status
from egide.security.principals import Role

PROBLEM_EXIT = 1


def register(cli: typer.Typer) -> None:
    cli.command("doctor")(doctor)


def doctor(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """État du garde réseau, du magasin, du journal d'audit et des modèles."""
    st = state(ctx)
    app = st.app()
    user = app.require_user()
    if not (user.has(Role.ADMIN) or user.has(Role.SECURITY_OFFICER)):
        app.record(user.name, "access.denied", {"reason": "doctor"}, decision="deny")
        raise AccessDeniedError(
            B(
                "réservé aux administrateurs et officiers de sécurité",
                "for administrators and security officers",
            )
        )
    report = diagnose(app, status(app))
    if as_json:
        emit_json(report)
    else:
        out = console()
        for name, part in report.items():
            if isinstance(part, dict):
                mark = "✓" if part["ok"] else "✗"
                details = ", ".join(f"{k}={_short(v)}" for k, v in part.items() if k != "ok")
                out.print(f"{mark} {name:<7} {details}", markup=False)
    if not report["ok"]:
        raise typer.Exit(PROBLEM_EXIT)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 70 else text[:69] + "…"
