"""Stored products. Rows carry the product's label; reads are filtered by it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from egide.security.labels import Label
from egide.store.audit import canonical_json, sha256_text
from egide.store.documents import now_iso
from egide.store.labels import label_id


def body_hash(body: dict[str, Any]) -> str:
    return sha256_text(canonical_json(body))


def insert(
    conn: sqlite3.Connection,
    uid: str,
    kind: str,
    label: Label,
    requester: str,
    engine: str,
    question: str,
    body: dict[str, Any],
) -> None:
    conn.execute(
        "INSERT INTO products (uid, kind, label_id, requester, engine, question_sha256, body,"
        " body_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uid,
            kind,
            label_id(conn, label),
            requester,
            engine,
            sha256_text(question),
            canonical_json(body),
            body_hash(body),
            now_iso(),
        ),
    )


def get(conn: sqlite3.Connection, uid: str, allowed: Sequence[int]) -> dict[str, Any] | None:
    """The product if its label is among ``allowed`` (otherwise as if it did not exist)."""
    if not allowed:
        return None
    marks = ",".join("?" * len(allowed))
    row = conn.execute(
        f"SELECT p.*, l.canonical AS label FROM products p JOIN labels l ON l.id = p.label_id"
        f" WHERE p.uid = ? AND p.label_id IN ({marks})",
        (uid, *allowed),
    ).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["body"] = json.loads(row["body"])
    out["flags"] = json.loads(row["flags"])
    return out


def listing(conn: sqlite3.Connection, allowed: Sequence[int]) -> list[dict[str, Any]]:
    if not allowed:
        return []
    marks = ",".join("?" * len(allowed))
    rows = conn.execute(
        f"SELECT p.uid, p.kind, p.status, p.requester, p.engine, p.created_at, p.decided_by,"
        f" l.canonical AS label, json_extract(p.body, '$.question') AS question, p.flags"
        f" FROM products p JOIN labels l ON l.id = p.label_id WHERE p.label_id IN ({marks})"
        f" ORDER BY p.id",
        allowed,
    )
    return [{**dict(r), "flags": json.loads(r["flags"])} for r in rows]


def decide(
    conn: sqlite3.Connection, uid: str, status: str, by: str, reason: str, body: dict[str, Any]
) -> None:
    conn.execute(
        "UPDATE products SET status = ?, decided_by = ?, decided_at = ?, reason = ?, body = ?,"
        " body_sha256 = ? WHERE uid = ? AND status = 'draft'",
        (status, by, now_iso(), reason, canonical_json(body), body_hash(body), uid),
    )
