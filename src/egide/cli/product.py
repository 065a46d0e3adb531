"""``egide brief`` and ``egide product list | show | validate | reject | export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from egide.app import App
from egide.cli.context import JsonOpt, console, emit_json, state
from egide.products import brief as briefs
from egide.products import lifecycle
from egide.products.export import markdown
from egide.products.model import Brief
from egide.security.access import readable
from egide.security.labels import parse_label
from egide.security.principals import User
from egide.store import products
from egide.store.labels import all_labels

group = typer.Typer(help="Produits : lister, valider, exporter. / Products.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.command("brief")(brief)
    cli.add_typer(group, name="product")


def _write(
    b: Brief, md: bool, pdf: Path | None, stix_path: Path | None, as_json: bool, lang: str
) -> None:
    if pdf is not None:
        from egide.products.export import pdf as pdf_export

        pdf_export.write(b, pdf, lang)
    if stix_path is not None:
        from egide.products.export import stix

        stix_path.write_text(stix.bundle(b), encoding="utf-8")
    if as_json:
        emit_json(b.to_json())
    elif md or (pdf is None and stix_path is None):
        console().print(markdown.render(b, lang), markup=False, highlight=False)


def brief(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="La question ou le sujet de la fiche.")],
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, max=100, help="Passages placés dans le contexte."),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="auto, extractive ou llm.")] = "auto",
    md: Annotated[bool, typer.Option("--md", help="Sortie Markdown.")] = False,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Écrire le PDF ici.")] = None,
    stix: Annotated[Path | None, typer.Option("--stix", help="Écrire le lot STIX 2.1 ici.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Rédiger une fiche de synthèse (projet à valider). / Write a brief (draft)."""
    if engine not in {"auto", "extractive", "llm"}:
        raise typer.BadParameter("auto, extractive ou llm", param_hint="--engine")
    st = state(ctx)
    app = st.app()
    result = briefs.create(app, question, limit, engine)  # type: ignore[arg-type]
    _write(result, md, pdf, stix, as_json, st.lang)


@group.command("list")
def list_products(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les produits que vous pouvez lire."""
    app = state(ctx).app()
    user = app.require_user()
    rows = products.listing(app.db, readable(app.authority(user), all_labels(app.db)))
    rows = app.release(
        user, app.authority(user), "product.list", [((r["label"],), r) for r in rows]
    )
    if as_json:
        emit_json({"products": rows})
        return
    out = console()
    for r in rows:
        flagged = "⚑ " if r.get("flags") else "  "  # a cited document was corrected
        out.print(
            f"{flagged}{r['uid']}  {r['status']:<9} {r['label']:<28} {r['requester']:<14} "
            f"{(r['question'] or '')[:50]}",
            markup=False,
        )


def _load(ctx: typer.Context, uid: str) -> tuple[str, App, User, Brief]:
    st = state(ctx)
    app = st.app()
    user = app.require_user()
    row = lifecycle.fetch(app, user, uid)
    return st.lang, app, user, Brief.model_validate(row["body"])


@group.command("show")
def show(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Afficher un produit (Markdown par défaut)."""
    lang, _, _, b = _load(ctx, uid)
    _write(b, not as_json, None, None, as_json, lang)


@group.command("export")
def export(
    ctx: typer.Context,
    uid: str,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Fichier PDF.")] = None,
    stix: Annotated[Path | None, typer.Option("--stix", help="Lot STIX 2.1 (JSON).")] = None,
    md: Annotated[Path | None, typer.Option("--md", help="Fichier Markdown.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json-out", help="Fichier JSON.")] = None,
) -> None:
    """Exporter un produit (un projet porte « PROJET — NON VALIDÉ » sur chaque page)."""
    lang, app, user, b = _load(ctx, uid)
    if md is not None:
        md.write_text(markdown.render(b, lang), encoding="utf-8")
    if json_out is not None:
        json_out.write_text(
            json.dumps(b.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if pdf is not None or stix is not None:
        _write(b, False, pdf, stix, False, lang)
    formats = [
        name
        for name, target in (("pdf", pdf), ("stix", stix), ("md", md), ("json", json_out))
        if target is not None
    ]
    app.record(
        user.name,
        "product.export",
        {"product": uid, "formats": formats, "status": b.status},
        parse_label(b.label),
    )


def _decide(ctx: typer.Context, uid: str, status: str, reason: str, as_json: bool) -> None:
    st = state(ctx)
    app = st.app()
    body = lifecycle.decide(app, uid, status, reason)
    if as_json:
        emit_json(body)
        return
    console().print(f"{uid} : {status} ({body['validation']['by']})", markup=False)


@group.command("validate")
def validate(
    ctx: typer.Context,
    uid: str,
    reason: Annotated[str, typer.Option("--reason", help="Justification.")],
    as_json: JsonOpt = False,
) -> None:
    """Valider un projet (rôle validator)."""
    _decide(ctx, uid, "validated", reason, as_json)


@group.command("reject")
def reject(
    ctx: typer.Context,
    uid: str,
    reason: Annotated[str, typer.Option("--reason", help="Justification.")],
    as_json: JsonOpt = False,
) -> None:
    """Rejeter un projet (rôle validator)."""
    _decide(ctx, uid, "rejected", reason, as_json)
