"""``egide audit verify | checkpoint | proof | consistency | show`` (security officers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from egide.cli.context import JsonOpt, console, emit_json, state
from egide.errors import AuditIntegrityError, CheckpointError
from egide.errors import Bilingual as B
from egide.i18n import t
from egide.security import auditlog
from egide.security.access import may_read
from egide.security.labels import parse_label
from egide.security.principals import Role
from egide.store.db import transaction

group = typer.Typer(help="Journal d'audit. / Audit log.", no_args_is_help=True)


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
    """Vérifier la chaîne, l'arbre de Merkle et les points de contrôle."""
    st = state(ctx)
    app = st.app()
    officer = app.require_user(Role.SECURITY_OFFICER)
    external = []
    for path in checkpoint or []:
        try:
            external.append(auditlog.parse_checkpoint(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise CheckpointError(B(f"{path} illisible", f"{path} unreadable")) from exc
    result = auditlog.verify(app.db, app.public_key(), app.meta("store_id") or "", external)
    app.record(
        officer.name,
        "audit.verify",
        {"ok": result.ok, "records": result.records},
        decision="allow" if result.ok else "deny",
    )
    if as_json:
        emit_json(result.to_dict())
    else:
        out = console()
        out.print(
            t(
                "audit.verified" if result.ok else "audit.broken",
                st.lang,
                records=result.records,
                root=result.root,
                checkpoints=result.checkpoints,
            )
        )
        for problem in result.problems:
            out.print(f"  ✗ {problem}", markup=False)
    if not result.ok:
        raise AuditIntegrityError("; ".join(result.problems[:3]))


@group.command("checkpoint")
def checkpoint(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Fichier où écrire le point de contrôle.")],
    as_json: JsonOpt = False,
) -> None:
    """Signer l'état actuel du journal (taille, racine) et l'écrire dans un fichier."""
    st = state(ctx)
    app = st.app()
    officer = app.require_user(Role.SECURITY_OFFICER)
    signer = app.signer()
    with transaction(app.db):
        cp = auditlog.make_checkpoint(app.db, signer, app.meta("store_id") or "")
        app.record(
            officer.name,
            "audit.checkpoint",
            {k: cp[k] for k in ("size", "root", "time", "key_id", "signature")},
        )
    out.write_text(json.dumps(cp, indent=2) + "\n", encoding="utf-8")
    if as_json:
        emit_json(cp)
    else:
        console().print(t("audit.checkpoint", st.lang, size=cp["size"], root=cp["root"], path=out))


@group.command("proof")
def proof(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help="Numéro de l'enregistrement (à partir de 1).")],
    size: Annotated[int | None, typer.Option("--size", help="Taille de l'arbre.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Preuve d'inclusion d'un enregistrement dans l'arbre de Merkle."""
    app = state(ctx).app()
    app.require_user(Role.SECURITY_OFFICER)
    _emit(auditlog.inclusion(app.db, seq, size), as_json)


@group.command("consistency")
def consistency(
    ctx: typer.Context,
    old: Annotated[int, typer.Argument(help="Taille ancienne.")],
    size: Annotated[int | None, typer.Option("--size", help="Taille récente.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Preuve de cohérence entre deux tailles du journal."""
    app = state(ctx).app()
    app.require_user(Role.SECURITY_OFFICER)
    _emit(auditlog.consistency(app.db, old, size), as_json)


def _emit(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(data)
        return
    out = console()
    for key, value in data.items():
        text = "\n    ".join(value) if isinstance(value, list) else value
        out.print(f"{key:>9} : {text}", markup=False)


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
    app = st.app()
    officer = app.require_user(Role.SECURITY_OFFICER)
    authority = app.authority(officer)
    where, params = "", list[object]()
    if since:
        where = " WHERE seq >= ?" if since.isdigit() else " WHERE ts >= ?"
        params = [int(since) if since.isdigit() else since]
    rows = app.db.execute(
        f"SELECT record FROM audit{where} ORDER BY seq LIMIT ?", (*params, limit)
    ).fetchall()
    shown: list[dict[str, Any]] = []
    withheld = 0
    for row in rows:
        record = json.loads(row["record"])
        if may_read(authority, parse_label(record["label"])):
            shown.append(record)
        else:
            withheld += 1
    if as_json:
        for record in shown:
            emit_json(record)
        return
    out = console()
    for r in shown:
        out.print(
            f"{r['seq']:>6} {r['ts'][:19]} {r['actor']:<16} {r['action']:<16} "
            f"{r['decision']:<5} {r['label']}",
            markup=False,
        )
    if withheld:
        out.print(t("audit.withheld", st.lang, n=withheld))
