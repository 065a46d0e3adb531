"""``egide triage train | list`` — learned triage models, trained on analysts' examples."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.errors import AccessDeniedError, EmbedderError, TriageModelError
from egide.errors import Bilingual as B
from egide.security.access import may_read, readable
from egide.security.labels import parse_label
from egide.store import triage_models
from egide.store.db import transaction
from egide.store.labels import all_labels
from egide.stream import dataset, learn

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
    app = st.app()
    user = app.require_user()
    authority = app.authority(user)
    marking = parse_label(label)
    if not may_read(authority, marking):
        raise AccessDeniedError(
            B(
                f"votre habilitation ne couvre pas « {marking.canonical()} »",
                f"your clearance does not cover '{marking.canonical()}'",
            )
        )
    examples = dataset.read(path, text_field, label_field)
    if not examples.texts:
        raise TriageModelError(B(f"{path.name} : aucun exemple", f"{path.name}: no example"))
    embedder = app.embedder
    if embedder is None:
        raise EmbedderError(
            "embed.model = none : le modèle de tri lit des vecteurs / needs vectors"
        )
    t0 = time.perf_counter()
    bar = BarProgress(st.lang, not as_json)
    bar.start("vectors", len(examples.texts))
    vectors = []
    try:
        for i in range(0, len(examples.texts), 256):
            vectors.append(learn.embed(embedder, examples.texts[i : i + 256]))
            bar.advance(len(vectors[-1]))
    finally:
        bar.stop()
    import numpy as np

    model = learn.fit(name, np.concatenate(vectors), examples.labels, embedder.space, folds)
    with transaction(app.db):
        version = triage_models.save(app.db, model, marking, user.name)
        app.record(
            user.name,
            "triage.train",
            {
                "name": name,
                "version": version,
                "examples": len(examples.texts),
                "macro_f1": model.metrics["macro_f1"],
            },
            label=marking,
        )
    report = {
        "name": name,
        "version": version,
        "label": marking.canonical(),
        "classes": model.classes,
        "skipped_rows": examples.skipped,
        "seconds": round(time.perf_counter() - t0, 1),
        **model.metrics,
    }
    if as_json:
        emit_json(report)
        return
    console().print(
        f"Modèle « {name} » v{version} ({marking.canonical()}) : {len(model.classes)} classes, "
        f"{report['examples']} exemples ({examples.skipped} lignes ignorées) — macro-F1 en "
        f"validation croisée ({report['folds']} plis) : {report['macro_f1']:.3f}",
        markup=False,
    )


@group.command("list")
def list_models(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Les modèles de tri que vous pouvez voir. / Triage models you may see."""
    st = state(ctx)
    app = st.app()
    allowed = readable(app.authority(app.require_user()), all_labels(app.db))
    rows = triage_models.listing(app.db, allowed)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        console().print(
            f"{r['name']} v{r['version']} ({r['label']}) — {len(r['classes'])} classes, "
            f"macro-F1 {r['macro_f1_cv']}, {r['created_by']} {r['created_at']}",
            markup=False,
        )
