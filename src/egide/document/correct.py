"""Reclassify or retract a document (security officers and administrators only).

A reclassified document moves with all its rows (chunks and their full-text partition,
vectors, mentions, entities) to the new label and keeps its id; a retracted one leaves
search, counts and new products at once and stays for audit. Products that cite it are
flagged, and re-marked when its new label raises theirs. Lowering a label (or widening its
releasability) is for a security officer alone. Each act is one transaction with its audit
record; re-ingesting the corrected text makes no new copy (``documents.is_stored``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from egide.document.view import readable_document
from egide.errors import AccessDeniedError, DocumentStateError
from egide.i18n import Msg
from egide.security.access import may_read
from egide.security.labels import Label
from egide.security.principals import Role, User
from egide.store import corrections
from egide.store.audit import sha256_text
from egide.store.db import transaction
from egide.store.documents import now_iso
from egide.store.labels import label_by_id, label_id

if TYPE_CHECKING:
    from egide.app import App

OFFICERS = (Role.SECURITY_OFFICER, Role.ADMIN)


def reclassify(app: App, user: User, uid: str, marking: str, reason: str) -> dict[str, Any]:
    """Move document ``uid`` to the label ``marking`` (as written by the officer)."""
    _require_officer(app, user, "document.reclassify")
    why = _reason(reason)
    new = app.parse_marking(marking)
    authority = app.authority(user)
    conn = app.db
    row, old = readable_document(app, user, uid)  # refusals are audited outside the act
    if row["retracted_at"] is not None:
        raise DocumentStateError(Msg("document retiré"))
    if new == old:
        raise DocumentStateError(
            Msg("déjà marqué « {canonical} »", canonical=old.canonical())
        )
    if not may_read(authority, new):
        _deny(app, user, "reclassify above authority", old.lub(new))
        raise AccessDeniedError(
            Msg("votre habilitation ne couvre pas « {canonical} »", canonical=new.canonical())
        )
    lowering = not new.dominates(old)
    if lowering and not user.has(Role.SECURITY_OFFICER):
        _deny(app, user, "lowering needs a security officer", old.lub(new))
        raise AccessDeniedError(
            Msg("abaisser un marquage ou élargir sa diffusion demande le rôle security_officer")
        )
    with transaction(conn):
        _unchanged(conn, row)
        new_id = label_id(conn, new)
        if corrections.twin_at(conn, row["content_hash"], new_id):
            raise DocumentStateError(
                Msg("le même texte est déjà stocké sous ce marquage : retirez celui-ci")
            )
        both = old.lub(new)
        at = now_iso()
        correction = corrections.record(
            conn, row, "reclassify", new_id, label_id(conn, both), why, user.name, at
        )
        corrections.move(conn, int(row["id"]), new_id)
        app.record(
            user.name,
            "document.reclassify",
            {
                "document": uid,
                "from": old.canonical(),
                "to": new.canonical(),
                "lowered": lowering,
                "correction": correction,
                "reason_sha256": sha256_text(why),
            },
            both,
        )
        products = _flag_products(app, user, uid, "reclassified", new, correction, at)
    return {
        "document": uid,
        "action": "reclassify",
        "from": old.canonical(),
        "to": new.canonical(),
        "marking": marking.strip(),
        "lowered": lowering,
        "correction": correction,
        "at": at,
        "products": products,
    }


def retract(app: App, user: User, uid: str, reason: str) -> dict[str, Any]:
    """Take document ``uid`` out of search, counts and new products; keep it for audit."""
    _require_officer(app, user, "document.retract")
    why = _reason(reason)
    conn = app.db
    row, label = readable_document(app, user, uid)
    if row["retracted_at"] is not None:
        when = row["retracted_at"]
        raise DocumentStateError(Msg("déjà retiré le {when}", when=when))
    with transaction(conn):
        _unchanged(conn, row)
        at = now_iso()
        correction = corrections.record(
            conn, row, "retract", None, int(row["label_id"]), why, user.name, at
        )
        corrections.retract(conn, int(row["id"]), at)
        app.record(
            user.name,
            "document.retract",
            {"document": uid, "correction": correction, "reason_sha256": sha256_text(why)},
            label,
        )
        products = _flag_products(app, user, uid, "retracted", None, correction, at)
    return {
        "document": uid,
        "action": "retract",
        "label": label.canonical(),
        "correction": correction,
        "at": at,
        "products": products,
    }


def _flag_products(
    app: App,
    user: User,
    uid: str,
    kind: str,
    new: Label | None,
    correction: int,
    at: str,
) -> list[dict[str, Any]]:
    """Flag every product citing ``uid``; raise its label to cover the document's new one.
    Each product's change is audited at the product's (new) label; the officer is told
    only of the products they may read."""
    conn = app.db
    authority = app.authority(user)
    told = []
    for p in corrections.citing_products(conn, uid):
        body = json.loads(p["body"])
        flags = json.loads(p["flags"])
        label = label_by_id(conn, int(p["label_id"]))
        flag: dict[str, Any] = {"kind": kind, "document": uid, "correction": correction, "at": at}
        target = label
        if new is not None:
            flag["document_label"] = new.canonical()
            for source in body.get("sources", []):
                if source.get("document_id") == uid:
                    source["label"] = new.canonical()
            target = label.lub(new)
        if target != label:
            flag.update({"remarked": True, "from": label.canonical(), "to": target.canonical()})
            body["label"] = target.canonical()
        flags.append(flag)
        corrections.update_product(conn, int(p["id"]), label_id(conn, target), body, flags)
        app.record(
            user.name,
            "product.flag",
            {"product": p["uid"], "correction": correction, **_no_text(flag)},
            target,
        )
        if may_read(authority, target):
            told.append({"id": p["uid"], "label": target.canonical(), "flag": flag})
    return told


def _unchanged(conn: sqlite3.Connection, row: sqlite3.Row) -> None:
    """Inside the writer's transaction: the document is as it was when access was decided."""
    now = corrections.document(conn, row["uid"])
    if now is None or (now["label_id"], now["retracted_at"]) != (
        row["label_id"],
        row["retracted_at"],
    ):
        raise DocumentStateError(
            Msg("le document a changé entre-temps, recommencez")
        )


def _no_text(flag: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in flag.items() if k in {"kind", "document", "remarked", "from", "to"}}


def _require_officer(app: App, user: User, action: str) -> None:
    """Security officers and administrators only; anyone else is refused and audited."""
    if any(user.has(role) for role in OFFICERS):
        return
    app.record(
        user.name, "access.denied", {"reason": f"{action} needs an officer"}, decision="deny"
    )
    raise AccessDeniedError(
        Msg("corriger un document demande le rôle security_officer ou admin")
    )


def _deny(app: App, user: User, reason: str, label: Label) -> None:
    app.record(user.name, "access.denied", {"reason": reason}, label, decision="deny")


def _reason(reason: str) -> str:
    why = " ".join(reason.split())
    if not why:
        raise DocumentStateError(Msg("justification vide"))
    return why
