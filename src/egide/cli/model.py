"""``egide model add | list | verify`` (administrators add; anyone may verify)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.models import registry
from egide.security.principals import Role

group = typer.Typer(help="Modèles vérifiés.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="model")


@group.command("add")
def add(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Fichier GGUF/safetensors ou dossier du modèle.")],
    name: Annotated[str | None, typer.Option("--name", help="Nom du modèle.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Enregistrer un modèle dans le manifeste signé."""
    st = state(ctx)
    app = st.app()
    user = app.require_user(Role.ADMIN)
    manifest = registry.add(app, user.name, path, name)
    if as_json:
        emit_json(manifest)
        return
    text = t(
        "{name} : {n} fichier(s) enregistré(s)",
        state(ctx).lang,
        name=manifest["name"],
        n=len(manifest["files"]),
    )
    console().print(text, markup=False)


@group.command("verify")
def verify(ctx: typer.Context, name: str, as_json: JsonOpt = False) -> None:
    """Vérifier un modèle enregistré (empreintes, fichiers, signature)."""
    st = state(ctx)
    app = st.app()
    user = app.require_user()
    model = registry.verify(app, name, user.name)
    data = {
        "name": model.name,
        "ok": True,
        "files": len(model.files),
        "chat_template_sha256": model.chat_template_sha256,
    }
    if as_json:
        emit_json(data)
        return
    text = t("✓ {name} : {n} fichier(s) intact(s)", st.lang, name=model.name, n=len(model.files))
    console().print(text, markup=False)


@group.command("list")
def list_models(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les modèles enregistrés et leur état."""
    app = state(ctx).app()
    app.require_user()
    report = registry.status(app)
    if as_json:
        emit_json(report)
        return
    out = console()
    if not report["models"]:
        out.print(t("Aucun modèle enregistré.", state(ctx).lang), markup=False)
    for model in report["models"]:
        out.print(
            ("✓ " if model["ok"] else "✗ ")
            + model["name"]
            + ("" if model["ok"] else f" — {model['problem']}"),
            markup=False,
        )
