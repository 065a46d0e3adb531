"""Stored decision files: one append-only row per version, each under its label. Reads
are filtered by the labels the reader may read, inside the query."""

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


def latest_version(conn: sqlite3.Connection, uid: str) -> int:
    """The file's last version number, 0 when it does not exist (whatever its label:
    call only to number a new version, never to answer a reader)."""
    row = conn.execute(
        "SELECT COALESCE(MAX(version), 0) FROM decision_files WHERE uid = ?", (uid,)
    ).fetchone()
    return int(row[0])


def latest_label(conn: sqlite3.Connection, uid: str) -> str | None:
    """The canonical label of the file's last version, None when it does not exist
    (whatever its label: call only to label an audit record, never to answer a reader)."""
    row = conn.execute(
        "SELECT l.canonical FROM decision_files f JOIN labels l ON l.id = f.label_id"
        " WHERE f.uid = ? ORDER BY f.version DESC LIMIT 1",
        (uid,),
    ).fetchone()
    return None if row is None else str(row[0])


def insert(
    conn: sqlite3.Connection,
    uid: str,
    version: int,
    label: Label,
    body: dict[str, Any],
    change: str,
    author: str,
    decided: bool,
) -> str:
    """Append one version (inside the caller's transaction); returns the body's hash."""
    digest = body_hash(body)
    conn.execute(
        "INSERT INTO decision_files (uid, version, label_id, body, body_sha256, change, author,"
        " created_at, decided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uid,
            version,
            label_id(conn, label),
            canonical_json(body),
            digest,
            change,
            author,
            now_iso(),
            int(decided),
        ),
    )
    return digest


def _marks(allowed: Sequence[int]) -> str:
    return ",".join("?" * len(allowed))


def get(
    conn: sqlite3.Connection, uid: str, allowed: Sequence[int], version: int | None = None
) -> dict[str, Any] | None:
    """A version (the last by default) if the file's last version and this one both carry
    a label among ``allowed``; otherwise as if the file did not exist."""
    if not allowed:
        return None
    last = conn.execute(
        f"SELECT MAX(version) FROM decision_files WHERE uid = ? AND version = ("
        f" SELECT MAX(version) FROM decision_files WHERE uid = ?)"
        f" AND label_id IN ({_marks(allowed)})",
        (uid, uid, *allowed),
    ).fetchone()[0]
    if last is None:
        return None
    row = conn.execute(
        f"SELECT f.*, l.canonical AS label FROM decision_files f JOIN labels l"
        f" ON l.id = f.label_id WHERE f.uid = ? AND f.version = ?"
        f" AND f.label_id IN ({_marks(allowed)})",
        (uid, version or last, *allowed),
    ).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["body"] = json.loads(row["body"])
    out["last"] = int(last)
    return out


def listing(conn: sqlite3.Connection, allowed: Sequence[int]) -> list[dict[str, Any]]:
    """The last version of every file whose last version the reader may read."""
    if not allowed:
        return []
    rows = conn.execute(
        f"SELECT f.uid, f.version, f.author, f.created_at, f.decided, l.canonical AS label,"
        f" json_extract(f.body, '$.title') AS title"
        f" FROM decision_files f JOIN labels l ON l.id = f.label_id"
        f" WHERE f.version = (SELECT MAX(version) FROM decision_files g WHERE g.uid = f.uid)"
        f" AND f.label_id IN ({_marks(allowed)}) ORDER BY f.id",
        allowed,
    )
    return [dict(r) for r in rows]


def history(conn: sqlite3.Connection, uid: str, allowed: Sequence[int]) -> list[dict[str, Any]]:
    """Every version the reader may read, oldest first (only when the file's last version
    is readable: see ``get``)."""
    if not allowed:
        return []
    rows = conn.execute(
        f"SELECT f.version, f.author, f.created_at, f.change, f.body_sha256, f.decided,"
        f" l.canonical AS label FROM decision_files f JOIN labels l ON l.id = f.label_id"
        f" WHERE f.uid = ? AND f.label_id IN ({_marks(allowed)}) ORDER BY f.version",
        (uid, *allowed),
    )
    return [dict(r) for r in rows]
