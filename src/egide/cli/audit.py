"""``egide audit verify | checkpoint | proof | consistency | show`` (security officers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.errors import CheckpointError
from egide.i18n import N_, Msg, t
from egide.ops import audit as ops
from egide.products.dtg import dtg_of
from egide.security import auditlog

group = typer.Typer(help="Journal d'audit.", no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(group, name="audit")


@group.command("verify")
def verify(
    ctx: typer.Context,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="Point de contrôle signé à confronter (répétable)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vérifier la chaîne, l'arbre de Merkle, les points de contrôle et le témoin."""
    st = state(ctx)
    external = []
    for path in checkpoint or []:
        try:
            external.append(auditlog.parse_checkpoint(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise CheckpointError(Msg("{path} illisible", path=path)) from exc
    client = st.client()
    result = (
        client.post("/audit/verify", {"checkpoints": external})
        if client is not None
        else ops.verify(st.app(), external)
    )
    if as_json:
        emit_json(result)
    else:
        out = console()
        out.print(
            t(
                N_(
                    "Journal intègre : {records} enregistrements, racine {root}, {checkpoints} "
                    "point(s) de contrôle vérifié(s)."
                )
                if result["ok"]
                else N_("Journal ALTÉRÉ ({records} enregistrements lisibles) :"),
                st.lang,
                records=result["records"],
                root=result["root"],
                checkpoints=result["checkpoints_checked"],
            )
        )
        for problem in result["problems"]:
            out.print(f"  ✗ {problem}", markup=False)
    ops.require_ok(result)


@group.command("checkpoint")
def checkpoint(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Fichier où écrire le point de contrôle.")],
    as_json: JsonOpt = False,
) -> None:
    """Signer l'état actuel du journal (taille, racine) et l'écrire dans un fichier."""
    st = state(ctx)
    client = st.client()
    cp = client.post("/audit/checkpoint", {}) if client is not None else ops.checkpoint(st.app())
    out.write_text(json.dumps(cp, indent=2) + "\n", encoding="utf-8")
    if as_json:
        emit_json(cp)
    else:
        text = t(
            "Point de contrôle signé : taille {size}, racine {root} → {path}",
            st.lang,
            size=cp["size"],
            root=cp["root"],
            path=out,
        )
        console().print(text)


@group.command("proof")
def proof(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help="Numéro de l'enregistrement (à partir de 1).")],
    size: Annotated[int | None, typer.Option("--size", help="Taille de l'arbre.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Preuve d'inclusion d'un enregistrement dans l'arbre de Merkle."""
    st = state(ctx)
    client = st.client()
    params = {"size": size} if size is not None else {}
    _emit(
        client.get(f"/audit/proof/{seq}", params)
        if client is not None
        else ops.proof(st.app(), seq, size),
        as_json,
        st.lang,
    )


@group.command("consistency")
def consistency(
    ctx: typer.Context,
    old: Annotated[int, typer.Argument(help="Taille ancienne.")],
    size: Annotated[int | None, typer.Option("--size", help="Taille récente.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Preuve de cohérence entre deux tailles du journal."""
    st = state(ctx)
    client = st.client()
    params = {"size": size} if size is not None else {}
    _emit(
        client.get(f"/audit/consistency/{old}", params)
        if client is not None
        else ops.consistency(st.app(), old, size),
        as_json,
        st.lang,
    )


# The fields of a proof, as a reader names them.
FIELDS = {
    "seq": N_("Enregistrement"),
    "size": N_("Taille de l'arbre"),
    "leaf": N_("Feuille"),
    "root": N_("Racine"),
    "old": N_("Taille ancienne"),
    "new": N_("Taille récente"),
    "old_root": N_("Racine ancienne"),
    "new_root": N_("Racine récente"),
    "proof": N_("Preuve"),
    "verified": N_("Vérifiée"),
}


def _emit(data: dict[str, Any], as_json: bool, lang: str) -> None:
    if as_json:
        emit_json(data)
        return
    out = console()
    for key, value in data.items():
        if isinstance(value, bool):
            text = t(N_("oui") if value else N_("non"), lang)
        elif isinstance(value, list):
            text = "\n    ".join(value)
        else:
            text = str(value)
        name = t(FIELDS[key], lang) if key in FIELDS else key
        out.print(t("{name} : {value}", lang, name=name, value=text), markup=False)


@group.command("show")
def show(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Numéro d'enregistrement ou date ISO (2026-11-27T08:00)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
    as_json: JsonOpt = False,
) -> None:
    """Afficher les enregistrements (ceux que votre habilitation couvre)."""
    st = state(ctx)
    client = st.client()
    if client is not None:
        params: dict[str, Any] = {"limit": limit, **({"since": since} if since else {})}
        shown = client.get("/audit/records", params)["records"]
    else:
        shown = ops.records(st.app(), since, limit)
    if as_json:
        for record in shown:
            emit_json(record)
        return
    out = console()
    for r in shown:
        out.print(
            f"{r['seq']:>6} {dtg_of(r['ts'])} {r['actor']:<16} {r['action']:<16} "
            f"{r['decision']:<5} {r['label']}",
            markup=False,
        )
