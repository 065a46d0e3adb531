"""BM25 over the per-label FTS5 partitions the requester may read."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from egide.store import fts


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query that can only ever mean "any of these terms": each term is a quoted
    string, so no operator, column filter or syntax from the user reaches FTS5."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def bm25(
    conn: sqlite3.Connection,
    terms: Sequence[str],
    allowed: Sequence[int],
    k: int,
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[int, float]]:
    """Top ``k`` chunks by BM25 among ``allowed`` label ids; higher score is better.

    Only the partitions of ``allowed`` labels are read, each ranked with its own statistics,
    and the lists merged by score (ties by chunk id): nothing outside ``allowed`` takes part.
    ``where`` is an extra condition on the chunk ``c`` and its document ``d`` (search
    filters), applied inside each query, before its top ``k``.
    """
    if not terms or not allowed:
        return []
    expr = match_expression(terms)
    hits: list[tuple[int, float]] = []
    for lid in allowed:
        t = fts.table(lid)
        if where:
            rows = conn.execute(
                f"SELECT f.rowid AS id, bm25({t}) AS s FROM {t} f"
                f" JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.document_id"
                f" WHERE {t} MATCH ? AND ({where}) ORDER BY s LIMIT ?",
                (expr, *params, k),
            )
        else:
            rows = conn.execute(
                f"SELECT rowid AS id, bm25({t}) AS s FROM {t} WHERE {t} MATCH ? ORDER BY s LIMIT ?",
                (expr, k),
            )
        hits.extend((int(r["id"]), -float(r["s"])) for r in rows)
    hits.sort(key=lambda h: (-h[1], h[0]))
    return hits[:k]


def present(conn: sqlite3.Connection, terms: Sequence[str], allowed: Sequence[int]) -> set[str]:
    """Which of ``terms`` occur in at least one chunk of ``allowed`` label ids."""
    found: set[str] = set()
    for term in dict.fromkeys(terms):
        expr = match_expression([term])
        for lid in allowed:
            t = fts.table(lid)
            if conn.execute(f"SELECT 1 FROM {t} WHERE {t} MATCH ? LIMIT 1", (expr,)).fetchone():
                found.add(term)
                break
    return found
