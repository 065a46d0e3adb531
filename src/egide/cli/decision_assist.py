"""``egide decision draft | proposals | accept | reject`` — with a model: proposals marked
« proposé par IA », outside the file until a person of the staff accepts them."""

from __future__ import annotations

from typing import Any

import typer

from egide.cli.context import JsonOpt, console, emit_json
from egide.cli.decision import done, door, read, write
from egide.decide import assist
from egide.decide.model import DecisionFile
from egide.i18n import Msg, t


def register(group: typer.Typer) -> None:
    for name, fn in (
        ("draft", draft),
        ("proposals", proposals),
        ("accept", accept),
        ("reject", reject),
    ):
        group.command(name)(fn)


def draft(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Demander au modèle des propositions (MA, ME, indicateurs, cotations, objections)."""
    d = door(ctx)
    if d.client is not None:
        file = DecisionFile.model_validate(d.client.post(f"/decisions/{uid}/draft", {}))
    else:
        file = assist.draft(*d.local(), uid)
    pending = assist.summary(file)
    if as_json:
        emit_json({"file": uid, "version": file.version, "proposals": pending})
        return
    done(d.lang, file.to_json(), Msg("{n} proposition(s) IA en attente", n=len(pending)), False)
    _print_proposals(pending, d.lang)


def _print_proposals(pending: list[dict[str, Any]], lang: str) -> None:
    if not pending:
        console().print(t("Aucune proposition en attente.", lang), markup=False)
    for p in pending:
        words = " · ".join(str(v) for v in p["payload"].values())
        kind = t("{kind} — proposé par IA", lang, kind=p["kind"])
        console().print(f"  {p['id']} [{kind}] {words}", markup=False)


def proposals(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Les propositions du modèle en attente (hors dossier tant qu'on ne les accepte pas)."""
    lang, found = read(
        ctx,
        f"/decisions/{uid}/proposals",
        {},
        lambda app, user: {"file": uid, "proposals": assist.pending(app, user, uid)},
    )
    if as_json:
        emit_json(found)
        return
    _print_proposals(found["proposals"], lang)


def accept(ctx: typer.Context, uid: str, pid: str, as_json: JsonOpt = False) -> None:
    """Accepter une proposition du modèle : elle entre au dossier, marquée « proposé par IA »."""
    write(
        ctx,
        f"/decisions/{uid}/proposals/{pid}/accept",
        {},
        lambda app, user: assist.decide(app, user, uid, pid, True),
        Msg("{id} acceptée", id=pid),
        as_json,
    )


def reject(ctx: typer.Context, uid: str, pid: str, as_json: JsonOpt = False) -> None:
    """Rejeter une proposition du modèle."""
    write(
        ctx,
        f"/decisions/{uid}/proposals/{pid}/reject",
        {},
        lambda app, user: assist.decide(app, user, uid, pid, False),
        Msg("{id} rejetée", id=pid),
        as_json,
    )
