"""``egide document show | reclassify | retract`` — thin over ``egide.document``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.document import correct, view
from egide.i18n import N_, t
from egide.products.dtg import dtg_of

group = typer.Typer(
    help="Documents : afficher, reclassifier, retirer.",
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
    """Afficher un document en entier."""
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
    """Reclassifier un document (security_officer ou admin)."""
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
        t("{id} reclassifié : {old} → {new}.", st.lang, id=uid, old=data["from"], new=data["to"]),
        markup=False,
    )
    _products(data["products"], st.lang)


@group.command("retract")
def retract(
    ctx: typer.Context,
    uid: Annotated[str, typer.Argument(help="Identifiant du document (doc-…).")],
    reason: ReasonOpt,
    as_json: JsonOpt = False,
) -> None:
    """Retirer un document (security_officer ou admin)."""
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
    console().print(t("{id} retiré : hors de la recherche, des statistiques et des nouveaux "
                      "produits ; conservé pour l'audit.", st.lang, id=uid), markup=False)
    _products(data["products"], st.lang)


def _products(products: list[dict[str, Any]], lang: str) -> None:
    out = console()
    if not products:
        out.print(t("Aucun produit ne le cite.", lang), markup=False)
    for p in products:
        text = (
            N_("Produit signalé et remarqué : {id} → {label}")
            if p["flag"].get("remarked")
            else N_("Produit signalé : {id} ({label})")
        )
        out.print(t(text, lang, id=p["id"], label=p["label"]), markup=False)


def _render(d: dict[str, Any], lang: str) -> None:
    out = console()
    prov = d["provenance"]
    out.rule(d["title"] or prov["path"])
    status = (
        t("retiré le {at}", lang, at=dtg_of(d["retracted_at"]))
        if d["retracted_at"]
        else t("en service", lang)
    )
    rows = [
        (N_("Identifiant"), d["id"]),
        (N_("Marquage"), d["label"]),
        (N_("Marquage d'origine"), d["marking"] or "—"),
        (N_("Cotation"), d["grade"]),
        (N_("État"), status),
        (N_("Source"), prov["source"] or "—"),
        (N_("Fichier"), prov["path"]),
        (N_("Date du document"), dtg_of(prov["date"]) if prov["date"] else "—"),
        (N_("Langue"), prov["language"]),
        (N_("Ingéré"), f"{dtg_of(prov['ingested_at'])} ({prov['ingested_by']})"),
    ]
    for key, value in rows:
        out.print(t("{name} : {value}", lang, name=t(key, lang), value=value), markup=False)
    for c in d["corrections"]:
        at = dtg_of(c["at"])
        target = c["new_label"] or t("retiré le {at}", lang, at=at)
        out.print(
            t(
                "Correction du {at} par {actor} → {to} — motif : {reason}",
                lang,
                at=at,
                actor=c["actor"],
                to=target,
                reason=c["reason"],
            ),
            markup=False,
        )
    if d["findings"]:
        kinds = ", ".join(sorted({f["kind"] for f in d["findings"]}))
        out.print(t("Contenu caché signalé : {kinds}", lang, kinds=kinds), markup=False)
    out.rule(t("Texte", lang))
    out.print(d["text"], markup=False, highlight=False)
    groups = (
        ("entities", N_("Entités")),
        ("dates", N_("Dates")),
        ("coordinates", N_("Coordonnées")),
    )
    for group_name, title in groups:
        if not d[group_name]:
            continue
        out.rule(t(title, lang))
        for m in d[group_name]:
            value = f" = {m['value']}" if m.get("value") else ""
            out.print(
                f"  {m['kind']:<9} {m['text']}{value}  [{m['start']}–{m['end']}]", markup=False
            )
