"""BM25 over the per-level FTS5 tables, filtered by readable labels inside the query."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence, Set

from egide.security.labels import Level


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query that can only ever mean "any of these terms": each term is a quoted
    string, so no operator, column filter or syntax from the user reaches FTS5."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def bm25(
    conn: sqlite3.Connection,
    terms: Sequence[str],
    allowed: Sequence[int],
    levels: Sequence[Level],
    k: int,
    complete: Set[Level] = frozenset(),
) -> list[tuple[int, float]]:
    """Top ``k`` chunks by BM25 among ``allowed`` label ids; higher score is better.

    Each level is ranked with its own statistics; the lists are merged by score. A level
    whose labels are all readable (``complete``, computed in the same read transaction)
    needs no per-row label filter.
    """
    if not terms or not allowed:
        return []
    expr = match_expression(terms)
    marks = ",".join("?" * len(allowed))
    hits: list[tuple[int, float]] = []
    for level in levels:
        table = f"fts_{int(level)}"
        if level in complete:
            rows = conn.execute(
                f"SELECT rowid AS id, bm25({table}) AS s FROM {table}"
                f" WHERE {table} MATCH ? ORDER BY s LIMIT ?",
                (expr, k),
            )
        else:
            rows = conn.execute(
                f"SELECT f.rowid AS id, bm25({table}) AS s FROM {table} f"
                f" JOIN chunks c ON c.id = f.rowid"
                f" WHERE {table} MATCH ? AND c.label_id IN ({marks})"
                f" ORDER BY s LIMIT ?",
                (expr, *allowed, k),
            )
        hits.extend((int(r["id"]), -float(r["s"])) for r in rows)
    hits.sort(key=lambda h: (-h[1], h[0]))
    return hits[:k]


def present(
    conn: sqlite3.Connection,
    terms: Sequence[str],
    allowed: Sequence[int],
    levels: Sequence[Level],
    complete: Set[Level] = frozenset(),
) -> set[str]:
    """Which of ``terms`` occur in at least one chunk of ``allowed`` label ids."""
    found: set[str] = set()
    marks = ",".join("?" * len(allowed))
    for term in dict.fromkeys(terms):
        expr = match_expression([term])
        for level in levels:
            table = f"fts_{int(level)}"
            if level in complete:
                row = conn.execute(
                    f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1", (expr,)
                ).fetchone()
            else:
                row = conn.execute(
                    f"SELECT 1 FROM {table} f JOIN chunks c ON c.id = f.rowid"
                    f" WHERE {table} MATCH ? AND c.label_id IN ({marks}) LIMIT 1",
                    (expr, *allowed),
                ).fetchone()
            if row is not None:
                found.add(term)
                break
    return found
