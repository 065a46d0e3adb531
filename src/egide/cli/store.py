"""``egide init`` and ``egide stats``."""

from __future__ import annotations

from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import t
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
    """Créer le magasin (SQLite WAL, migrations). / Create the store."""
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
    key = "init.created" if created else "init.exists"
    console().print(
        t(
            key,
            st.lang,
            path=app.home,
            kind=t(f"kind.{kind}", st.lang),
            admin=admin[0] if admin else "?",
        )
    )


def stats(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Compter ce que vous pouvez voir. / Count what you may see."""
    st = state(ctx)
    client = st.client()
    data = client.get("/stats") if client is not None else content.stats(st.app())
    if as_json:
        emit_json(data)
        return
    out = console()
    out.print(t("stats.title", st.lang), style="bold")
    out.print(f"  {t('stats.documents', st.lang)} : {data['documents']}")
    out.print(f"  {t('stats.chunks', st.lang)} : {data['chunks']}")
    for label, n in data["by_label"].items():
        out.print(f"  {label} : {n}")
