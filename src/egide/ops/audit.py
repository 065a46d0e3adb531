"""The audit log for security officers: verify, sign a head, proofs, records."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from egide.errors import AuditIntegrityError
from egide.security import auditlog, witness
from egide.security.access import readable
from egide.security.principals import Role
from egide.store.db import transaction
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App


def verify(
    app: App, external: list[dict[str, Any]] | None = None, lang: str | None = None
) -> dict[str, Any]:
    """Check the chain, the recorded checkpoints, ``external`` ones and every head of the
    witness (``audit.witness``); problems are told in ``lang`` (default: the settings')."""
    officer = app.require_user(Role.SECURITY_OFFICER)
    heads = witness.read(app.settings.audit.witness) if app.settings.audit.witness else []
    result = auditlog.verify(
        app.db, app.public_key(), app.meta("store_id") or "", [*(external or []), *heads]
    )
    app.record(
        officer.name,
        "audit.verify",
        {"ok": result.ok, "records": result.records, "witness_heads": len(heads)},
        decision="allow" if result.ok else "deny",
    )
    return {**result.to_dict(lang or app.settings.lang), "witness_heads": len(heads)}


def require_ok(report: dict[str, Any]) -> None:
    if not report["ok"]:
        raise AuditIntegrityError("; ".join(report["problems"][:3]))


def checkpoint(app: App) -> dict[str, Any]:
    """Sign the log's head now; the checkpoint is recorded in the log too."""
    officer = app.require_user(Role.SECURITY_OFFICER)
    signer = app.signer()
    with transaction(app.db):
        cp = auditlog.make_checkpoint(app.db, signer, app.meta("store_id") or "")
        app.record(
            officer.name,
            "audit.checkpoint",
            {k: cp[k] for k in ("size", "root", "time", "key_id", "signature")},
        )
    return cp


def proof(app: App, seq: int, size: int | None) -> dict[str, Any]:
    app.require_user(Role.SECURITY_OFFICER)
    return auditlog.inclusion(app.db, seq, size)


def consistency(app: App, old: int, size: int | None) -> dict[str, Any]:
    app.require_user(Role.SECURITY_OFFICER)
    return auditlog.consistency(app.db, old, size)


def records(
    app: App, since: str | None, limit: int, newest: bool = False
) -> list[dict[str, Any]]:
    """The records at labels the officer may read, oldest first (``newest``: the last
    ``limit`` of them, newest first). Records above that are neither shown nor counted:
    the officer learns nothing of them."""
    officer = app.require_user(Role.SECURITY_OFFICER)
    allowed = readable(app.authority(officer), all_labels(app.db))
    if not allowed:
        return []
    where = f"label_id IN ({','.join('?' * len(allowed))})"
    params: list[object] = list(allowed)
    if since:
        where += " AND seq >= ?" if since.isdigit() else " AND ts >= ?"
        params.append(int(since) if since.isdigit() else since)
    rows = app.db.execute(
        f"SELECT record FROM audit WHERE {where} ORDER BY seq {'DESC' if newest else ''}"
        " LIMIT ?",
        (*params, limit),
    ).fetchall()
    shown = [json.loads(row["record"]) for row in rows]
    return app.release(
        officer, app.authority(officer), "audit", [((r["label"],), r) for r in shown]
    )
