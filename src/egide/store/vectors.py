"""Chunk vectors: float32 blobs, labelled like their chunk, and the exact in-memory index."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from egide.store.db import transaction

Matrix = npt.NDArray[np.float32]


def missing(conn: sqlite3.Connection, model: str, limit: int) -> list[sqlite3.Row]:
    """Chunks without a vector from ``model`` (a vector from another model is stale)."""
    return conn.execute(
        "SELECT c.id, c.label_id, c.text, d.title FROM chunks c"
        " JOIN documents d ON d.id = c.document_id"
        " LEFT JOIN vectors v ON v.chunk_id = c.id AND v.model = ?"
        " WHERE v.chunk_id IS NULL ORDER BY c.id LIMIT ?",
        (model, limit),
    ).fetchall()


def count_missing(
    conn: sqlite3.Connection, model: str, allowed: Sequence[int] | None = None
) -> int:
    """Chunks still without a vector; among ``allowed`` label ids when given."""
    where = ""
    params: list[object] = [model]
    if allowed is not None:
        if not allowed:
            return 0
        where = f" AND c.label_id IN ({','.join('?' * len(allowed))})"
        params.extend(allowed)
    return int(
        conn.execute(
            "SELECT COUNT(*) FROM chunks c LEFT JOIN vectors v ON v.chunk_id = c.id AND v.model = ?"
            " WHERE v.chunk_id IS NULL" + where,
            params,
        ).fetchone()[0]
    )


def put(
    conn: sqlite3.Connection, rows: Sequence[tuple[int, int]], vecs: Matrix, model: str
) -> None:
    """Store vectors for ``(chunk_id, label_id)`` rows in one transaction."""
    with transaction(conn):
        conn.executemany(
            "INSERT INTO vectors (chunk_id, label_id, model, dim, vec) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (chunk_id) DO UPDATE SET model = excluded.model, dim = excluded.dim,"
            " vec = excluded.vec, label_id = excluded.label_id",
            [
                (cid, lid, model, int(vecs.shape[1]), vecs[i].astype(np.float32).tobytes())
                for i, (cid, lid) in enumerate(rows)
            ],
        )


class VectorIndex(Protocol):
    def search(self, query: Matrix, allowed: Sequence[int], k: int) -> list[tuple[int, float]]: ...


@dataclass
class ExactIndex:
    """Brute-force cosine search over every stored vector of one model.

    The label mask is applied before selecting the top k: a hidden chunk never takes a
    place in the ranking.
    """

    ids: npt.NDArray[np.int64]
    labels: npt.NDArray[np.int64]
    matrix: Matrix
    version: tuple[int, int]

    @classmethod
    def load(cls, conn: sqlite3.Connection, model: str) -> ExactIndex:
        rows = conn.execute(
            "SELECT chunk_id, label_id, vec, dim FROM vectors WHERE model = ? ORDER BY chunk_id",
            (model,),
        ).fetchall()
        dim = int(rows[0]["dim"]) if rows else 0
        matrix = (
            np.frombuffer(b"".join(r["vec"] for r in rows), dtype=np.float32).reshape(
                len(rows), dim
            )
            if rows
            else np.zeros((0, 0), np.float32)
        )
        return cls(
            np.array([r["chunk_id"] for r in rows], dtype=np.int64),
            np.array([r["label_id"] for r in rows], dtype=np.int64),
            matrix,
            signature(conn, model),
        )

    def search(self, query: Matrix, allowed: Sequence[int], k: int) -> list[tuple[int, float]]:
        if not len(self.ids) or not allowed:
            return []
        mask = np.isin(self.labels, np.asarray(allowed, dtype=np.int64))
        rows = np.flatnonzero(mask)
        if not len(rows):
            return []
        scores = self.matrix[rows] @ query.astype(np.float32)
        k = min(k, len(rows))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[rows[i]]), float(scores[i])) for i in top]


def signature(conn: sqlite3.Connection, model: str) -> tuple[int, int]:
    """Changes whenever vectors of ``model`` are added or replaced."""
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM vectors WHERE model = ?", (model,)
    ).fetchone()
    return int(row[0]), int(row[1])
