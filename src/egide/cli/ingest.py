"""``egide ingest`` and ``egide index``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egide.cli.context import BarProgress, JsonOpt, console, emit_json, state
from egide.i18n import t
from egide.ingest.runner import fill_vectors
from egide.ingest.runner import ingest as run_ingest
from egide.security.access import readable
from egide.store import vectors
from egide.store.labels import all_labels

PARTIAL_EXIT = 3


def register(cli: typer.Typer) -> None:
    cli.command("ingest")(ingest)
    cli.command("index")(index)


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Fichiers ou dossiers (récursif).")],
    label: Annotated[str, typer.Option("--label", help="Marquage de classification du lot.")],
    grade: Annotated[
        str | None, typer.Option("--grade", help="Cotation de la source (A–F, 1–6), défaut F6.")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Nom de la source.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingérer des documents labellisés. / Ingest labelled documents."""
    st = state(ctx)
    app = st.app()
    report = run_ingest(app, paths, label, grade, source, BarProgress(st.lang, not as_json))
    data = report.to_dict(st.lang)
    if as_json:
        emit_json(data)
    else:
        out = console()
        for failure in data["failed"]:
            out.print(f"[red]✗[/red] {failure['path']}: {failure['message']}", markup=True)
        out.print(
            t(
                "ingest.done",
                st.lang,
                ingested=report.ingested,
                duplicates=report.duplicates,
                failed=len(report.failed),
            )
        )
        if report.vectors:
            out.print(t("ingest.vectors", st.lang, n=report.vectors))
    if report.failed:
        raise typer.Exit(PARTIAL_EXIT)


def index(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Calculer les vecteurs manquants. / Compute missing vectors."""
    st = state(ctx)
    app = st.app()
    user = app.require_user()
    authority = app.authority(user)
    done = fill_vectors(app, authority, BarProgress(st.lang, not as_json))
    embedder = app.embedder
    allowed = readable(authority, all_labels(app.db))
    left = vectors.count_missing(app.db, embedder.part_id, allowed) if embedder else 0
    if as_json:
        emit_json({"vectors": done, "missing": left})
        return
    console().print(t("index.done", st.lang, n=done, missing=left))
