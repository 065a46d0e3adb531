"""Security costs: audit appends per second, verification of a 100k-record log, and the
share of search latency that access control takes (same store, same queries, with the
label filter and release re-check, and without them)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from eval.common import eval_app

from bench.search_bench import fill
from bench.stats import summary_ms
from egide.app import App
from egide.retrieve import analyzer
from egide.retrieve.fusion import rrf
from egide.retrieve.lexical import match_expression
from egide.security import auditlog
from egide.security.principals import make_user
from egide.store import audit, documents, fts
from egide.store.db import transaction
from egide.store.vectors import ExactIndex, single_blas_thread


def audit_appends(n: int) -> dict[str, Any]:
    """Each append in its own transaction, as every audited act does."""
    with eval_app() as app:
        t0 = time.perf_counter()
        for i in range(n):
            app.record("bench", "search", {"query_sha256": audit.sha256_text(str(i))})
        elapsed = time.perf_counter() - t0
    return {"records": n, "seconds": round(elapsed, 2), "records_per_s": round(n / elapsed)}


def audit_verify(n: int) -> dict[str, Any]:
    with eval_app() as app:
        with transaction(app.db):
            for i in range(n):
                audit.append(app.db, "bench", "search", {"i": i}, terminal="bench")
        public = app.public_key()
        t0 = time.perf_counter()
        result = auditlog.verify(app.db, public, app.meta("store_id") or "")
        elapsed = time.perf_counter() - t0
    return {"records": result.records, "ok": result.ok, "seconds": round(elapsed, 2)}


def _unfiltered(app: App, query: str, k: int, depth: int, index: ExactIndex) -> list[Any]:
    """The same retrieval with no access control at all: no label filter in SQL, no mask
    on vectors, no release re-check. A baseline for measurement, not a product path."""
    terms = analyzer.query_terms(query)
    expr = match_expression(terms)
    lexical: list[tuple[int, float]] = []
    for lid in sorted(fts.partitions(app.db)):
        t = fts.table(lid)
        found = app.db.execute(
            f"SELECT rowid, bm25({t}) AS s FROM {t} WHERE {t} MATCH ? ORDER BY s LIMIT ?",
            (expr, depth),
        )
        lexical.extend((int(r[0]), -float(r[1])) for r in found)
    lexical.sort(key=lambda h: -h[1])
    embedder = app.embedder
    assert embedder is not None
    with single_blas_thread():
        scores = index.matrix @ embedder.query(query)
    top = np.argpartition(-scores, depth - 1)[:depth]
    dense = [int(index.ids[i]) for i in top[np.argsort(-scores[top])]]
    fused = rrf([[i for i, _ in lexical[:depth]], dense])[:k]
    rows = documents.chunk_rows(app.db, [i for i, _ in fused])
    return [rows[i] for i, _ in fused if i in rows]


def access_overhead(texts: list[str], queries: list[str]) -> dict[str, Any]:
    """Per analyst (DR, whose search skips the Secret labels, and S, who reads every label
    of the bench store but the compartmented ones), search with access control against the
    same search with none."""
    out: dict[str, Any] = {"chunks": len(texts)}
    with eval_app() as app:
        fill(app, texts)
        index = ExactIndex.load(app.db, app.embedder.space if app.embedder else "none")
        depth = app.settings.search.candidates
        for clearance in ("DR", "S"):
            user = make_user(f"bench.{clearance.lower()}", clearance, "FRA")
            authority = app.authority(user)
            searcher = app.searcher
            searcher.search("préchauffage", authority, 10)
            with_checks, without = [], []
            for q in queries:
                t = time.perf_counter()
                hits = searcher.search(q, authority, 10).hits
                app.release(
                    user,
                    authority,
                    "search",
                    [((h.row["chunk_label"], h.row["doc_label"]), h) for h in hits],
                )
                with_checks.append(time.perf_counter() - t)
                t = time.perf_counter()
                _unfiltered(app, q, 10, depth, index)
                without.append(time.perf_counter() - t)
            w, wo = summary_ms(with_checks), summary_ms(without)
            out[clearance] = {
                "with_access_control": w,
                "without_access_control": wo,
                "p95_overhead_pct": round(100 * (w["p95_ms"] / wo["p95_ms"] - 1), 1),
            }
    return out
