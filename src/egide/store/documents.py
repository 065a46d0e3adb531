"""Writing and reading documents, chunks and entities. One document = one transaction,
with its audit record: a crash leaves either the whole document or nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from egide.security.labels import Label
from egide.store import audit
from egide.store.db import transaction
from egide.store.labels import label_id

if TYPE_CHECKING:
    from egide.ingest.pipeline import Prepared


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_stored(conn: sqlite3.Connection, content_hash: str, label: Label) -> bool:
    """Whether this text is already stored at this label (never at another one), or was
    stored at this label and then corrected (reclassified away or retracted): re-ingesting
    it makes no new copy."""
    canonical = label.canonical()
    row = conn.execute(
        "SELECT 1 FROM documents d JOIN labels l ON l.id = d.label_id"
        " WHERE d.content_hash = ? AND l.canonical = ?"
        " UNION ALL SELECT 1 FROM corrections c JOIN labels l ON l.id = c.old_label_id"
        " WHERE c.content_hash = ? AND l.canonical = ? LIMIT 1",
        (content_hash, canonical, content_hash, canonical),
    )
    return row.fetchone() is not None


def _uid(content_hash: str, label: Label) -> str:
    return "doc-" + hashlib.sha256(f"{content_hash}|{label.canonical()}".encode()).hexdigest()[:16]


def insert(conn: sqlite3.Connection, doc: Prepared, actor: str, terminal: str = "") -> int | None:
    """Store one prepared document atomically. ``None`` when its content is already stored."""
    with transaction(conn):
        if is_stored(conn, doc.content_hash, doc.label):
            return None
        lid = label_id(conn, doc.label)
        cur = conn.execute(
            "INSERT INTO documents (uid, content_hash, label_id, path, title, source, language,"
            " grade, doc_date, ingested_at, ingested_by, text, parts, flags, meta, marking)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _uid(doc.content_hash, doc.label),
                doc.content_hash,
                lid,
                doc.path,
                doc.title,
                doc.source,
                doc.language,
                str(doc.grade),
                doc.doc_date,
                now_iso(),
                actor,
                doc.text,
                json.dumps(doc.parts, sort_keys=True),
                json.dumps(doc.findings, ensure_ascii=False),
                json.dumps(doc.meta, ensure_ascii=False, default=str),
                doc.marking,
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text, terms,"
            " chunker) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, lid, seq, start, end, text, terms, doc.parts["chunker"])
                for seq, (start, end, text, terms) in enumerate(doc.chunks)
            ],
        )
        _insert_mentions(conn, doc_id, lid, doc)
        audit.append(
            conn,
            actor,
            "ingest",
            {
                "document": _uid(doc.content_hash, doc.label),
                "content_sha256": doc.content_hash,
                "path_sha256": hashlib.sha256(doc.path.encode()).hexdigest(),
                "chunks": len(doc.chunks),
                "grade": str(doc.grade),
                "flags": len(doc.findings),
            },
            doc.label,
            terminal=terminal,
        )
    return doc_id


def _insert_mentions(conn: sqlite3.Connection, doc_id: int, lid: int, doc: Prepared) -> None:
    ids: dict[tuple[str, str], int] = {}
    for m in doc.mentions:
        key = (m.kind, m.norm)
        if key not in ids:
            conn.execute(
                "INSERT INTO entities (kind, norm, name, label_id, lat, lon)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, norm, label_id) DO NOTHING",
                (m.kind, m.norm, m.name, lid, m.lat, m.lon),
            )
            row = conn.execute(
                "SELECT id FROM entities WHERE kind = ? AND norm = ? AND label_id = ?",
                (m.kind, m.norm, lid),
            ).fetchone()
            ids[key] = int(row[0])
        conn.execute(
            "INSERT INTO mentions (entity_id, document_id, label_id, char_start, char_end, surface,"
            " value, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ids[key], doc_id, lid, m.start, m.end, m.surface, m.value, m.part),
        )


@dataclass(frozen=True)
class Counts:
    documents: int
    chunks: int
    by_label: dict[str, int]


def counts(conn: sqlite3.Connection, label_ids: list[int]) -> Counts:
    """Live (not retracted) documents and chunks among the given labels only."""
    if not label_ids:
        return Counts(0, 0, {})
    marks = ",".join("?" * len(label_ids))
    by_label: dict[str, int] = {}
    docs = 0
    for row in conn.execute(
        f"SELECT l.canonical AS label, COUNT(*) AS n FROM documents d JOIN labels l"
        f" ON l.id = d.label_id WHERE d.label_id IN ({marks}) AND d.retracted_at IS NULL"
        f" GROUP BY l.canonical",
        label_ids,
    ):
        by_label[str(row["label"])] = int(row["n"])
        docs += int(row["n"])
    chunks = conn.execute(
        f"SELECT COUNT(*) FROM chunks WHERE label_id IN ({marks}) AND retracted = 0", label_ids
    ).fetchone()[0]
    return Counts(docs, int(chunks), dict(sorted(by_label.items())))


def chunk_rows(conn: sqlite3.Connection, chunk_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Chunks with their document, keyed by chunk id (callers have filtered the ids)."""
    if not chunk_ids:
        return {}
    marks = ",".join("?" * len(chunk_ids))
    rows = conn.execute(
        "SELECT c.id, c.char_start, c.char_end, c.text, c.label_id, cl.canonical AS chunk_label,"
        " d.uid, d.path, d.title, d.grade, d.marking, d.doc_date, d.source, d.language,"
        " substr(d.text, 1, 400) AS head, dl.canonical AS doc_label"
        " FROM chunks c JOIN documents d ON d.id = c.document_id"
        " JOIN labels cl ON cl.id = c.label_id JOIN labels dl ON dl.id = d.label_id"
        f" WHERE c.id IN ({marks})",
        chunk_ids,
    )
    return {int(r["id"]): dict(r) for r in rows}


def chunk_documents(conn: sqlite3.Connection, chunk_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Chunk id → (document id, grade), for grouping and weighting ranked candidates."""
    if not chunk_ids:
        return {}
    marks = ",".join("?" * len(chunk_ids))
    rows = conn.execute(
        "SELECT c.id, c.document_id, d.grade FROM chunks c JOIN documents d"
        f" ON d.id = c.document_id WHERE c.id IN ({marks})",
        chunk_ids,
    )
    return {int(r[0]): (int(r[1]), str(r[2])) for r in rows}
