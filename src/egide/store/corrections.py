"""Correcting a stored document: move it with every row to another label, or retract it
(kept for audit, out of every index). Callers decide access and audit; these functions run
inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from egide.store.audit import canonical_json
from egide.store.products import body_hash


def document(conn: sqlite3.Connection, uid: str) -> sqlite3.Row | None:
    """The document row with its label's canonical form (no access decision here)."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT d.*, l.canonical AS label FROM documents d JOIN labels l ON l.id = d.label_id"
        " WHERE d.uid = ?",
        (uid,),
    ).fetchone()
    return row


def twin_at(conn: sqlite3.Connection, content_hash: str, label_id: int) -> bool:
    """Whether the same text is already stored under ``label_id``."""
    row = conn.execute(
        "SELECT 1 FROM documents WHERE content_hash = ? AND label_id = ?",
        (content_hash, label_id),
    ).fetchone()
    return row is not None


def move(conn: sqlite3.Connection, doc_id: int, new_label: int) -> None:
    """The document, its chunks (and so their full-text partition), vectors, mentions and
    entities under ``new_label``."""
    conn.execute("UPDATE documents SET label_id = ? WHERE id = ?", (new_label, doc_id))
    conn.execute("UPDATE chunks SET label_id = ? WHERE document_id = ?", (new_label, doc_id))
    conn.execute(
        "UPDATE vectors SET label_id = ? WHERE chunk_id IN"
        " (SELECT id FROM chunks WHERE document_id = ?)",
        (new_label, doc_id),
    )
    mentions = conn.execute(
        "SELECT m.id, e.id AS entity, e.kind, e.norm, e.name, e.lat, e.lon FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id WHERE m.document_id = ?",
        (doc_id,),
    ).fetchall()
    old_entities = set()
    for m in mentions:
        conn.execute(
            "INSERT INTO entities (kind, norm, name, label_id, lat, lon) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, norm, label_id) DO NOTHING",
            (m["kind"], m["norm"], m["name"], new_label, m["lat"], m["lon"]),
        )
        entity = conn.execute(
            "SELECT id FROM entities WHERE kind = ? AND norm = ? AND label_id = ?",
            (m["kind"], m["norm"], new_label),
        ).fetchone()[0]
        conn.execute(
            "UPDATE mentions SET entity_id = ?, label_id = ? WHERE id = ?",
            (entity, new_label, m["id"]),
        )
        old_entities.add(int(m["entity"]))
    for entity in old_entities:  # an entity row nothing mentions any more
        conn.execute(
            "DELETE FROM entities WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM mentions WHERE entity_id = ?)",
            (entity, entity),
        )
    _touch(conn)


def retract(conn: sqlite3.Connection, doc_id: int, at: str) -> None:
    """Out of search (its chunks leave their partition), vectors dropped; the rows stay."""
    conn.execute("UPDATE documents SET retracted_at = ? WHERE id = ?", (at, doc_id))
    conn.execute("UPDATE chunks SET retracted = 1 WHERE document_id = ?", (doc_id,))
    conn.execute(
        "DELETE FROM vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE document_id = ?)",
        (doc_id,),
    )
    _touch(conn)


def _touch(conn: sqlite3.Connection) -> None:
    """Caches keyed on the chunk counter (missing vectors) must recount."""
    conn.execute("UPDATE stamps SET value = value + 1 WHERE name = 'chunks'")


def record(
    conn: sqlite3.Connection,
    doc: sqlite3.Row,
    kind: str,
    new_label: int | None,
    label: int,
    reason: str,
    actor: str,
    at: str,
) -> int:
    cur = conn.execute(
        "INSERT INTO corrections (document_id, kind, content_hash, old_label_id, new_label_id,"
        " label_id, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc["id"],
            kind,
            doc["content_hash"],
            doc["label_id"],
            new_label,
            label,
            reason,
            actor,
            at,
        ),
    )
    return int(cur.lastrowid or 0)


def history(conn: sqlite3.Connection, doc_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.id, c.kind, c.at, c.actor, c.reason, o.canonical AS old_label,"
        " n.canonical AS new_label, r.canonical AS label FROM corrections c"
        " JOIN labels o ON o.id = c.old_label_id LEFT JOIN labels n ON n.id = c.new_label_id"
        " JOIN labels r ON r.id = c.label_id WHERE c.document_id = ? ORDER BY c.id",
        (doc_id,),
    )
    return [dict(r) for r in rows]


def citing_products(conn: sqlite3.Connection, uid: str) -> list[sqlite3.Row]:
    """Products whose sources include the document ``uid``."""
    return conn.execute(
        "SELECT p.id, p.uid, p.label_id, p.status, p.body, p.flags, l.canonical AS label"
        " FROM products p"
        " JOIN labels l ON l.id = p.label_id WHERE EXISTS (SELECT 1 FROM"
        " json_each(p.body, '$.sources') s WHERE json_extract(s.value, '$.document_id') = ?)"
        " ORDER BY p.id",
        (uid,),
    ).fetchall()


def update_product(
    conn: sqlite3.Connection,
    product_id: int,
    label_id: int,
    body: dict[str, Any],
    flags: list[dict[str, Any]],
) -> None:
    conn.execute(
        "UPDATE products SET label_id = ?, body = ?, body_sha256 = ?, flags = ? WHERE id = ?",
        (
            label_id,
            canonical_json(body),
            body_hash(body),
            json.dumps(flags, ensure_ascii=False),
            product_id,
        ),
    )
