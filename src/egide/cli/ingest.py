"""``egide ingest`` and ``egide index``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from egide.cli.context import BarProgress, JsonOpt, State, clean, console, emit_json, state
from egide.i18n import N_, t
from egide.ingest import indexer
from egide.ingest.runner import ingest as run_ingest

if TYPE_CHECKING:
    from egide.app import App

PARTIAL_EXIT = 3
INDEXED = N_("{n} vecteur(s) calculé(s) ; {missing} restant(s).")


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
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--no-wait",
            help="Attendre les vecteurs (défaut) ou rendre la main dès le stockage, les "
            "vecteurs étant calculés en arrière-plan.",
        ),
    ] = True,
    follow_symlinks: Annotated[
        bool | None,
        typer.Option(
            "--follow-symlinks/--no-follow-symlinks",
            help="Suivre les liens symboliques d'un dossier, sans jamais en sortir (défaut : "
            "non, ingest.follow_symlinks).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingérer des documents labellisés."""
    st = state(ctx)
    bar = BarProgress(st.lang, not as_json)
    client = st.client()
    pid = None
    if client is not None:
        from egide.client import jobs

        data = jobs.ingest(
            client, paths, label, grade, source, bar, wait, bool(follow_symlinks)
        )
        pending = 0
    else:
        app = st.app()
        report = run_ingest(
            app, paths, label, grade, source, bar, embed=wait, follow_symlinks=follow_symlinks
        )
        data = {**report.to_dict(st.lang), "vectors": report.vectors}
        pending = 0 if wait else indexer.missing(app, app.authority(app.require_user()))
        pid = _spawn(st, app) if pending else None
    if as_json:
        emit_json({**data, "vectors_pending": pending, "indexer": pid})
    else:
        out = console()
        for failure in data["failed"]:
            out.print(
                Text.assemble(
                    ("✗", "red"),
                    f" {clean(failure['path'], lines=False)}: ",
                    clean(failure["message"], lines=False),
                )
            )
        for page in data["ocr_doubtful"]:
            confidence = "—" if page["confidence"] is None else page["confidence"]
            shown = {**page, "confidence": confidence, "path": clean(page["path"], lines=False)}
            text = N_(
                "⚠ {path}, page {page} : lecture à vérifier (confiance {confidence} %, "
                "encre non lue {unread} %) — relisez l'original."
            )
            out.print(t(text, st.lang, **shown), markup=False)
        out.print(
            t(
                "{ingested} document(s) ingéré(s), {duplicates} doublon(s), {failed} échec(s).",
                st.lang,
                ingested=data["ingested"],
                duplicates=data["duplicates"],
                failed=len(data["failed"]),
            )
        )
        if data["vectors"]:
            out.print(t("{n} vecteur(s) calculé(s).", st.lang, n=data["vectors"]))
        if pid is not None:
            text = N_(
                "Recherche lexicale disponible ; {n} vecteur(s) en calcul en arrière-plan "
                "(processus {pid}). « egide index --wait » attend la fin."
            )
            out.print(t(text, st.lang, n=pending, pid=pid))
    if data["failed"]:
        raise typer.Exit(PARTIAL_EXIT)


def _spawn(st: State, app: App) -> int:
    return indexer.spawn(app, ["--config", str(st.config)] if st.config else [])


def index(
    ctx: typer.Context,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--background",
            help="Calculer les vecteurs manquants et attendre la fin (défaut, avec barre de "
            "progression, y compris d'un indexeur en arrière-plan) ou lancer un indexeur en "
            "arrière-plan.",
        ),
    ] = True,
    worker: Annotated[bool, typer.Option("--worker", hidden=True)] = False,
    as_json: JsonOpt = False,
) -> None:
    """Calculer les vecteurs manquants."""
    st = state(ctx)
    client = st.client()
    if client is not None:
        from egide.client import jobs

        job = client.post("/index", {})
        if wait:
            job = jobs.follow(client, job, BarProgress(st.lang, not as_json))
            result = job.get("result") or {}
            done, left = int(result.get("vectors", 0)), int(result.get("missing", 0))
            if as_json:
                emit_json({"vectors": done, "missing": left})
            else:
                console().print(t(INDEXED, st.lang, n=done, missing=left))
        elif as_json:
            emit_json({"job": job["id"]})
        else:
            console().print(job["id"], markup=False)
        return
    app = st.app()
    authority = app.authority(app.require_user())
    if worker:
        done = indexer.work(app, authority)
        emit_json({"vectors": done, "missing": indexer.missing(app, authority)})
        return
    if not wait:
        pending = indexer.missing(app, authority)
        pid = _spawn(st, app) if pending else None
        if as_json:
            emit_json({"vectors_pending": pending, "indexer": pid})
        elif pid is not None:
            console().print(t("Indexeur lancé en arrière-plan (processus {pid}) : {n} "
                              "vecteur(s) à calculer.", st.lang, n=pending, pid=pid))
        else:
            console().print(t(INDEXED, st.lang, n=0, missing=0))
        return
    done = indexer.fill(app, authority, BarProgress(st.lang, not as_json))
    left = indexer.missing(app, authority)
    if as_json:
        emit_json({"vectors": done, "missing": left})
        return
    console().print(t(INDEXED, st.lang, n=done, missing=left))
