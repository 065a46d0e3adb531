"""``egide init`` and ``egide stats``."""

from __future__ import annotations

from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import N_, t
from egide.ops import content


def register(cli: typer.Typer) -> None:
    cli.command("init")(init)
    cli.command("stats")(stats)


def init(
    ctx: typer.Context,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev", help="Magasin de développement : EGIDE_USER peut choisir l'identité."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Créer le magasin (SQLite WAL, migrations)."""
    st = state(ctx)
    app = st.app()
    created = app.init_store(dev)
    kind = "dev" if app.is_dev else "prod"
    admin = app.db.execute("SELECT name FROM users ORDER BY id LIMIT 1").fetchone()
    if as_json:
        emit_json(
            {
                "store": str(app.home),
                "dev": app.is_dev,
                "created": created,
                "admin": admin[0] if admin else None,
            }
        )
        return
    text = (
        N_("Magasin créé : {path} ({kind}). Administrateur : {admin}.")
        if created
        else N_("Magasin déjà présent : {path} ({kind}).")
    )
    kinds = {"dev": N_("développement"), "prod": N_("production")}
    kind_text = t(kinds[kind], st.lang)
    who = admin[0] if admin else "?"
    console().print(t(text, st.lang, path=app.home, kind=kind_text, admin=who))


def stats(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Compter ce que vous pouvez voir."""
    st = state(ctx)
    client = st.client()
    data = client.get("/stats") if client is not None else content.stats(st.app())
    if as_json:
        emit_json(data)
        return
    out = console()
    out.print(t("Ce que vous pouvez voir", st.lang), style="bold")
    rows = [(t("documents", st.lang), data["documents"]), (t("passages", st.lang), data["chunks"])]
    for name, n in [*rows, *data["by_label"].items()]:
        out.print("  " + t("{name} : {value}", st.lang, name=name, value=n))
