"""``egide triage train | list`` — learned triage models, trained on analysts' examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.ops import triage as ops
from egide.products.dtg import dtg_of

group = typer.Typer(help="Modèles de tri appris.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="triage")


@group.command("train")
def train(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Exemples : .csv, .tsv ou .jsonl.")],
    text_field: Annotated[str, typer.Option("--text-field", help="Colonne du texte.")],
    label_field: Annotated[str, typer.Option("--label-field", help="Colonne de la classe.")],
    name: Annotated[str, typer.Option("--name", help="Nom du modèle (versionné).")],
    label: Annotated[
        str, typer.Option("--label", help="Marquage des exemples (et donc du modèle).")
    ] = "NP",
    folds: Annotated[int, typer.Option("--folds", min=2, max=20)] = 5,
    as_json: JsonOpt = False,
) -> None:
    """Entraîner un modèle de tri sur des exemples étiquetés."""
    st = state(ctx)
    bar = BarProgress(st.lang, not as_json)
    client = st.client()
    if client is not None:
        from egide.client import jobs

        with path.open("rb") as fh:
            job = client.post(
                "/triage/models",
                files=[("examples", (path.name, fh))],
                data={
                    "text_field": text_field,
                    "label_field": label_field,
                    "name": name,
                    "label": label,
                    "folds": str(folds),
                },
            )
        done = jobs.follow(client, job, bar)
        jobs.raise_failure(done)
        report = done["result"]
    else:
        report = ops.train(st.app(), path, text_field, label_field, name, label, folds, bar)
    if as_json:
        emit_json(report)
        return
    text = t(
        "Modèle « {name} » v{version} ({label}) : {classes} classes, {examples} exemples "
        "({skipped} lignes ignorées) — macro-F1 en validation croisée ({folds} plis) : "
        "{f1:.3f}",
        st.lang,
        name=name,
        version=report["version"],
        label=report["label"],
        classes=len(report["classes"]),
        examples=report["examples"],
        skipped=report["skipped_rows"],
        folds=report["folds"],
        f1=report["macro_f1"],
    )
    console().print(text, markup=False)


@group.command("list")
def list_models(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Les modèles de tri que vous pouvez voir."""
    st = state(ctx)
    client = st.client()
    rows = client.get("/triage/models")["models"] if client is not None else ops.listing(
        st.app()
    )
    if as_json:
        emit_json(rows)
        return
    if not rows:
        console().print(t("Aucun modèle de tri visible pour vous.", st.lang), markup=False)
    for r in rows:
        text = t(
            "{name} v{version} ({label}) — {classes} classes, macro-F1 {f1}, {by} {at}",
            st.lang,
            name=r["name"],
            version=r["version"],
            label=r["label"],
            classes=len(r["classes"]),
            f1=r["macro_f1_cv"],
            by=r["created_by"],
            at=dtg_of(r["created_at"]),
        )
        console().print(text, markup=False)
