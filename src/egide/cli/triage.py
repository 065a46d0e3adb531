"""``egide triage train | list`` — learned triage models, trained on analysts' examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.ops import triage as ops

group = typer.Typer(help="Modèles de tri appris. / Learned triage models.", no_args_is_help=True)


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
    """Entraîner un modèle de tri sur des exemples étiquetés. / Train a triage model."""
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
    console().print(
        f"Modèle « {name} » v{report['version']} ({report['label']}) : "
        f"{len(report['classes'])} classes, {report['examples']} exemples "
        f"({report['skipped_rows']} lignes ignorées) — macro-F1 en validation croisée "
        f"({report['folds']} plis) : {report['macro_f1']:.3f}",
        markup=False,
    )


@group.command("list")
def list_models(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Les modèles de tri que vous pouvez voir. / Triage models you may see."""
    st = state(ctx)
    client = st.client()
    rows = client.get("/triage/models")["models"] if client is not None else ops.listing(
        st.app()
    )
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        console().print(
            f"{r['name']} v{r['version']} ({r['label']}) — {len(r['classes'])} classes, "
            f"macro-F1 {r['macro_f1_cv']}, {r['created_by']} {r['created_at']}",
            markup=False,
        )
