"""``egide brief`` and ``egide product list | show | validate | reject | export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, State, console, emit_json, state
from egide.i18n import N_, t
from egide.ops import products as ops
from egide.products import brief as briefs
from egide.products import lifecycle
from egide.products.export import markdown
from egide.products.model import Brief

group = typer.Typer(help="Produits : lister, valider, exporter.", no_args_is_help=True)

# A product's states, as a reader names them.
STATUS = {"draft": N_("projet"), "validated": N_("validé"), "rejected": N_("rejeté")}


def register(cli: typer.Typer) -> None:
    cli.command("brief")(brief)
    cli.add_typer(group, name="product")


def _write(
    b: Brief, md: bool, pdf: Path | None, stix_path: Path | None, as_json: bool, lang: str
) -> None:
    if pdf is not None:
        pdf.write_bytes(ops.render(b, "pdf", lang))
    if stix_path is not None:
        stix_path.write_bytes(ops.render(b, "stix", lang))
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
    to: Annotated[list[str] | None, typer.Option("--to", help="Destinataire (répétable).")] = None,
    ref: Annotated[list[str] | None, typer.Option("--ref", help="Référence (répétable).")] = None,
    question_label: Annotated[
        str | None,
        typer.Option(
            "--question-label",
            help="Marquage de la question (par défaut : votre habilitation).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Rédiger une fiche de synthèse (projet à valider)."""
    if engine not in {"auto", "extractive", "llm"}:
        raise typer.BadParameter("auto, extractive ou llm", param_hint="--engine")
    st = state(ctx)
    client = st.client()
    if client is not None:
        body = client.post(
            "/briefs",
            {
                "question": question,
                "limit": limit,
                "engine": engine,
                "question_label": question_label,
                "recipients": to,
                "references": ref,
            },
        )
        result = Brief.model_validate(body)
    else:
        result = briefs.create(
            st.app(),
            question,
            limit,
            engine,  # type: ignore[arg-type]
            question_label=question_label,
            recipients=to,
            references=ref,
        )
    _write(result, md, pdf, stix, as_json, st.lang)


@group.command("list")
def list_products(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Lister les produits que vous pouvez lire."""
    st = state(ctx)
    client = st.client()
    rows = client.get("/products")["products"] if client else lifecycle.listing(st.app())
    if as_json:
        emit_json({"products": rows})
        return
    out = console()
    if not rows:
        out.print(t("Aucun produit visible pour vous.", st.lang), markup=False)
    for r in rows:
        flagged = "⚑ " if r.get("flags") else "  "  # a cited document was corrected
        status = t(STATUS.get(r["status"], r["status"]), st.lang)
        out.print(
            f"{flagged}{r['uid']}  {status:<9} {r['label']:<28} {r['requester']:<14} "
            f"{(r['question'] or '')[:50]}",
            markup=False,
        )


def _load(st: State, uid: str) -> Brief:
    client = st.client()
    if client is not None:
        return Brief.model_validate(client.get(f"/products/{uid}"))
    return ops.get(st.app(), uid)


@group.command("show")
def show(ctx: typer.Context, uid: str, as_json: JsonOpt = False) -> None:
    """Afficher un produit (Markdown par défaut)."""
    st = state(ctx)
    _write(_load(st, uid), not as_json, None, None, as_json, st.lang)


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
    st = state(ctx)
    wanted: list[tuple[ops.Format, Path | None]] = [
        ("pdf", pdf),
        ("stix", stix),
        ("md", md),
        ("json", json_out),
    ]
    targets = {fmt: path for fmt, path in wanted if path is not None}
    client = st.client()
    if client is not None:
        for fmt, path in targets.items():
            client.download(f"/products/{uid}/export", {"format": fmt}, path)
    else:
        for fmt, data in ops.export(st.app(), uid, list(targets), st.lang).items():
            targets[fmt].write_bytes(data)
    for path in targets.values():
        console().print(t("Exporté : {what}", st.lang, what=path), markup=False)


def _decide(ctx: typer.Context, uid: str, status: str, reason: str, as_json: bool) -> None:
    st = state(ctx)
    client = st.client()
    body: dict[str, Any] = (
        client.post(f"/products/{uid}/{'validate' if status == 'validated' else 'reject'}",
                    {"reason": reason})
        if client is not None
        else ops.decide(st.app(), uid, status, reason)
    )
    if as_json:
        emit_json(body)
        return
    text = t(
        "{id} : {status} ({by})",
        st.lang,
        id=uid,
        status=t(STATUS[status], st.lang),
        by=body["validation"]["by"],
    )
    console().print(text, markup=False)


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
