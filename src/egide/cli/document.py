"""``egide document show | reclassify | retract`` — thin over ``egide.document``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.document import correct, view
from egide.i18n import t

group = typer.Typer(
    help="Documents : afficher, reclassifier, retirer. / Documents: show, reclassify, retract.",
    no_args_is_help=True,
)
ReasonOpt = Annotated[str, typer.Option("--reason", help="Justification (obligatoire, auditée).")]


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="document")


@group.command("show")
def show(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(help="Identifiant du document (doc-…).")],
    as_json: JsonOpt = False,
) -> None:
    """Afficher un document en entier. / Show a whole document."""
    st = state(ctx)
    client = st.client()
    if client is not None:
        data = client.get(f"/documents/{uid}")
    else:
        app = st.app()
        data = view.show(app, app.require_user(), uid)
    if as_json:
        emit_json(data)
        return
    _render(data, st.lang)


@group.command("reclassify")
def reclassify(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(help="Identifiant du document (doc-…).")],
    label: Annotated[str, typer.Option("--label", help="Nouveau marquage.")],
    reason: ReasonOpt,
    as_json: JsonOpt = False,
) -> None:
    """Reclassifier un document (security_officer ou admin). / Reclassify a document."""
    st = state(ctx)
    client = st.client()
    if client is not None:
        data = client.post(f"/documents/{uid}/reclassify", {"label": label, "reason": reason})
    else:
        app = st.app()
        data = correct.reclassify(app, app.require_user(), uid, label, reason)
    if as_json:
        emit_json(data)
        return
    out = console()
    out.print(
        t("doc.reclassified", st.lang, id=uid, old=data["from"], new=data["to"]), markup=False
    )
    _products(data["products"], st.lang)


@group.command("retract")
def retract(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(help="Identifiant du document (doc-…).")],
    reason: ReasonOpt,
    as_json: JsonOpt = False,
) -> None:
    """Retirer un document (security_officer ou admin). / Retract a document."""
    st = state(ctx)
    client = st.client()
    if client is not None:
        data = client.post(f"/documents/{uid}/retract", {"reason": reason})
    else:
        app = st.app()
        data = correct.retract(app, app.require_user(), uid, reason)
    if as_json:
        emit_json(data)
        return
    console().print(t("doc.retracted", st.lang, id=uid), markup=False)
    _products(data["products"], st.lang)


def _products(products: list[dict[str, Any]], lang: str) -> None:
    out = console()
    if not products:
        out.print(t("doc.no_products", lang), markup=False)
    for p in products:
        key = "doc.product_remarked" if p["flag"].get("remarked") else "doc.product_flagged"
        out.print(t(key, lang, id=p["id"], label=p["label"]), markup=False)


def _render(d: dict[str, Any], lang: str) -> None:
    out = console()
    prov = d["provenance"]
    out.rule(d["title"] or prov["path"])
    rows = [
        ("doc.id", d["id"]),
        ("doc.label", d["label"]),
        ("doc.marking", d["marking"] or "—"),
        ("doc.grade", d["grade"]),
        ("doc.status", t(f"doc.status.{d['status']}", lang, at=d["retracted_at"] or "")),
        ("doc.source", prov["source"] or "—"),
        ("doc.path", prov["path"]),
        ("doc.date", prov["date"] or "—"),
        ("doc.language", prov["language"]),
        ("doc.ingested", f"{prov['ingested_at']} ({prov['ingested_by']})"),
    ]
    for key, value in rows:
        out.print(t("doc.field", lang, name=t(key, lang), value=value), markup=False)
    for c in d["corrections"]:
        target = c["new_label"] or t("doc.status.retracted", lang, at=c["at"])
        out.print(
            t("doc.correction", lang, at=c["at"], actor=c["actor"], to=target, reason=c["reason"]),
            markup=False,
        )
    if d["findings"]:
        kinds = ", ".join(sorted({f["kind"] for f in d["findings"]}))
        out.print(t("doc.findings", lang, kinds=kinds), markup=False)
    out.rule(t("doc.text", lang))
    out.print(d["text"], markup=False, highlight=False)
    for group_name in ("entities", "dates", "coordinates"):
        if not d[group_name]:
            continue
        out.rule(t(f"doc.{group_name}", lang))
        for m in d[group_name]:
            value = f" = {m['value']}" if m.get("value") else ""
            out.print(
                f"  {m['kind']:<9} {m['text']}{value}  [{m['start']}–{m['end']}]", markup=False
            )
