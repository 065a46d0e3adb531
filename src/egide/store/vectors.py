"""Chunk vectors: float32 blobs, labelled like their chunk, and the exact in-memory index."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from egide.store.db import snapshot, transaction

Matrix = npt.NDArray[np.float32]


def missing(
    conn: sqlite3.Connection, model: str, limit: int, allowed: Sequence[int]
) -> list[sqlite3.Row]:
    """Chunks among ``allowed`` label ids without a vector from ``model`` (a vector from
    another model is stale)."""
    if not allowed:
        return []
    marks = ",".join("?" * len(allowed))
    return conn.execute(
        "SELECT c.id, c.label_id, c.text, d.title FROM chunks c"
        " JOIN documents d ON d.id = c.document_id"
        " LEFT JOIN vectors v ON v.chunk_id = c.id AND v.model = ?"
        f" WHERE v.chunk_id IS NULL AND c.retracted = 0 AND c.label_id IN ({marks})"
        " ORDER BY c.id LIMIT ?",
        (model, *allowed, limit),
    ).fetchall()


def count_missing(
    conn: sqlite3.Connection, model: str, allowed: Sequence[int] | None = None
) -> int:
    """Chunks still without a vector from ``model``; among ``allowed`` label ids when given.
    (A chunk has at most one vector and a retracted one none, so this is a difference of
    two indexed counts.)"""
    if allowed is None:
        chunks = conn.execute("SELECT COUNT(*) FROM chunks WHERE retracted = 0").fetchone()[0]
        done = conn.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (model,)).fetchone()[0]
        return int(chunks) - int(done)
    if not allowed:
        return 0
    marks = ",".join("?" * len(allowed))
    chunks = conn.execute(
        f"SELECT COUNT(*) FROM chunks WHERE label_id IN ({marks}) AND retracted = 0", allowed
    )
    done = conn.execute(
        f"SELECT COUNT(*) FROM vectors WHERE model = ? AND label_id IN ({marks})", (model, *allowed)
    )
    return int(chunks.fetchone()[0]) - int(done.fetchone()[0])


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
    def search(
        self,
        query: Matrix,
        allowed: Sequence[int],
        k: int,
        only: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]: ...


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
    #: each row's document (to group ranked chunks by document without reading the store)
    documents: npt.NDArray[np.int64]
    masks: dict[tuple[int, ...], npt.NDArray[np.bool_] | None] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection, model: str) -> ExactIndex:
        with snapshot(conn):  # the stamp and the rows from one state
            stamp = signature(conn)
            rows = conn.execute(
                "SELECT chunk_id, label_id, vec, dim FROM vectors WHERE model = ?"
                " ORDER BY chunk_id",
                (model,),
            ).fetchall()
            # read from the (document, seq) index alone, not from the chunks' texts
            owner = dict(conn.execute("SELECT id, document_id FROM chunks").fetchall())
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
            stamp,
            np.array([owner[r["chunk_id"]] for r in rows], dtype=np.int64),
        )

    def owners(self, chunk_ids: Sequence[int]) -> dict[int, int]:
        """Chunk id → document id, for the given chunks that have a row here."""
        if not len(self.ids) or not chunk_ids:
            return {}
        wanted = np.asarray(chunk_ids, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        found = self.ids[at] == wanted
        return dict(zip(wanted[found].tolist(), self.documents[at[found]].tolist(), strict=True))

    def _mask(self, allowed: tuple[int, ...]) -> npt.NDArray[np.bool_] | None:
        """Rows whose label is allowed (``None``: all of them), cached per label set."""
        if allowed not in self.masks:
            if len(self.masks) > 64:
                self.masks.clear()
            mask = np.isin(self.labels, np.asarray(allowed, dtype=np.int64))
            self.masks[allowed] = None if bool(mask.all()) else mask
        return self.masks[allowed]

    def scores(self, queries: Matrix) -> Matrix:
        """Cosine of each query (a row) with every stored vector: one row per query."""
        if not len(self.ids):
            return np.zeros((len(queries), 0), np.float32)
        with single_blas_thread():
            out: Matrix = np.ascontiguousarray(queries.astype(np.float32) @ self.matrix.T)
        return out

    def search(
        self,
        query: Matrix,
        allowed: Sequence[int],
        k: int,
        only: Sequence[int] | None = None,
        scores: Matrix | None = None,
    ) -> list[tuple[int, float]]:
        """Top ``k`` among rows whose label is ``allowed`` (and whose chunk is in ``only``,
        the rows search filters keep, when given). ``scores``: the query's, computed
        beforehand by ``scores()`` on this index (they are overwritten)."""
        if not len(self.ids) or not allowed:
            return []
        mask = self._mask(tuple(allowed))
        if only is not None:
            keep = np.isin(self.ids, np.asarray(only, dtype=np.int64))
            mask = keep if mask is None else mask & keep
        visible = len(self.ids) if mask is None else int(mask.sum())
        if not visible:
            return []
        if scores is None:
            scores = self.scores(query[None, :])[0]
        if mask is not None:
            scores[~mask] = -np.inf
        k = min(k, visible)
        # ties are broken by chunk id, never by where a row sits among rows the requester
        # cannot see: every candidate scoring at least the k-th score, then (score, id)
        kth = np.partition(-scores, k - 1)[k - 1]
        candidates = np.flatnonzero(-scores <= kth)
        order = np.lexsort((self.ids[candidates], -scores[candidates]))
        top = candidates[order][:k]
        return [(int(self.ids[i]), float(scores[i])) for i in top]


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def single_blas_thread() -> Any:
    """A context in which BLAS runs on one thread: a matrix-vector product gains little
    from more, and spinning BLAS threads would compete with the query encoder's own."""
    return _blas_controller().limit(limits=1, user_api="blas")


def signature(conn: sqlite3.Connection) -> tuple[int, int]:
    """(chunks, vectors) change counters: equal signatures mean nothing changed."""
    rows = dict(conn.execute("SELECT name, value FROM stamps").fetchall())
    return int(rows["chunks"]), int(rows["vectors"])
