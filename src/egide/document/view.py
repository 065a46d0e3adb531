"""Show one document in full: text, label and original marking, grade, provenance, and what
enrichment found in it (entities, dates, coordinates) with their character spans."""

from __future__ import annotations

import json
import sqlite3
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from egide.errors import DocumentNotFoundError
from egide.retrieve import display
from egide.security.access import may_read
from egide.security.labels import Label, parse_label
from egide.security.principals import Role, User
from egide.store import corrections
from egide.store.labels import label_by_id

if TYPE_CHECKING:
    from egide.app import App

_GROUPS = {"DATE": "dates", "COORD": "coordinates"}


def readable_document(app: App, user: User, uid: str) -> tuple[sqlite3.Row, Label]:
    """The document and its label if ``user`` may read it here; any other — absent, above
    their authority, or retracted for someone who is no officer — is "not found" (the denial
    is audited at the document's label, so only those cleared for it learn of it)."""
    authority = app.authority(user)
    row = corrections.document(app.db, uid)
    label = label_by_id(app.db, int(row["label_id"])) if row is not None else None
    retracted_hidden = (
        row is not None
        and row["retracted_at"] is not None
        and not (user.has(Role.SECURITY_OFFICER) or user.has(Role.ADMIN))
    )
    if row is None or label is None or not may_read(authority, label) or retracted_hidden:
        if row is not None and label is not None:
            app.record(
                user.name,
                "access.denied",
                {"reason": "document not readable", "document": uid},
                label,
                decision="deny",
            )
        raise DocumentNotFoundError(uid)
    return row, label


def show(app: App, user: User, uid: str) -> dict[str, Any]:
    """Everything stored about one document, as ``user`` may see it; audited."""
    authority = app.authority(user)
    row, label = readable_document(app, user, uid)
    mentions = _mentions(app.db, int(row["id"]))
    history = [
        h for h in corrections.history(app.db, int(row["id"])) if _may(app, user, h["label"])
    ]
    payload: dict[str, Any] = {
        "id": row["uid"],
        "title": display.title(row["title"], row["text"][:400], PurePath(row["path"]).name),
        "label": row["label"],
        "marking": row["marking"],
        "grade": row["grade"],
        "status": "retracted" if row["retracted_at"] else "live",
        "retracted_at": row["retracted_at"],
        "provenance": {
            "path": row["path"],
            "source": row["source"],
            "date": row["doc_date"],
            "language": row["language"],
            "ingested_at": row["ingested_at"],
            "ingested_by": row["ingested_by"],
            "content_sha256": row["content_hash"],
            "parts": json.loads(row["parts"]),
            "meta": json.loads(row["meta"]),
        },
        "findings": json.loads(row["flags"]),
        "corrections": history,
        "text": row["text"],
        "chunks": [
            {
                "id": int(c["id"]),
                "seq": int(c["seq"]),
                "start": c["char_start"],
                "end": c["char_end"],
            }
            for c in app.db.execute(
                "SELECT id, seq, char_start, char_end FROM chunks WHERE document_id = ?"
                " ORDER BY seq",
                (row["id"],),
            )
        ],
        "entities": [],
        "dates": [],
        "coordinates": [],
    }
    for m in mentions:
        payload[_GROUPS.get(m["kind"], "entities")].append(m)
    labels = (row["label"], *sorted({m.pop("label") for m in mentions}))
    if not app.release(user, authority, "document.show", [(labels, payload)]):
        raise DocumentNotFoundError(uid)
    app.record(user.name, "document.show", {"document": uid}, label)
    return payload


def _may(app: App, user: User, canonical: str) -> bool:
    return may_read(app.authority(user), parse_label(canonical))


def _mentions(conn: sqlite3.Connection, doc_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT m.char_start, m.char_end, m.surface, m.value, m.part, e.kind, e.name, e.norm,"
        " e.lat, e.lon, l.canonical AS label FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN labels l ON l.id = m.label_id WHERE m.document_id = ? ORDER BY m.char_start, m.id",
        (doc_id,),
    )
    out = []
    for r in rows:
        item: dict[str, Any] = {
            "kind": r["kind"],
            "text": r["surface"],
            "name": r["name"],
            "start": r["char_start"],
            "end": r["char_end"],
            "label": r["label"],
        }
        if r["value"] is not None:
            item["value"] = r["value"]
        if r["lat"] is not None and r["lon"] is not None:
            item["lat"], item["lon"] = r["lat"], r["lon"]
        out.append(item)
    return out
