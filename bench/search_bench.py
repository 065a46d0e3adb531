"""Search latency at 10k and 100k chunks, beside a rank-bm25 baseline on the same chunks,
for one client and for eight concurrent clients (each with its own connection, as the
service's workers have).

The store is filled in bulk with real passages (the pipeline's own analysis for FTS) under
a mix of full labels (levels, compartments, releasability: one full-text partition each)
and random unit vectors: exact dense search costs the same whatever the vector values,
and embedding 100k passages is the subject of the embeddings benchmark. Queries are real
questions, embedded for real by the configured model.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
from eval.common import eval_app

from bench.stats import summary_ms
from egide.app import App
from egide.retrieve import analyzer
from egide.security.labels import Label, Level
from egide.security.nations import NATO_NATIONS
from egide.security.principals import Authority, make_user
from egide.store import users
from egide.store.db import transaction
from egide.store.labels import label_id

_FRA = frozenset({"FRA"})
LABEL_MIX = (
    (Label(Level.NP), 0.55),
    (Label(Level.DR, releasability=_FRA), 0.25),
    (Label(Level.DR, releasability=frozenset({"FRA", "DEU"})), 0.05),
    (Label(Level.S, releasability=_FRA), 0.08),
    (Label(Level.S, frozenset({"OTAN"}), NATO_NATIONS), 0.04),
    (Label(Level.S, frozenset({"OPS-ALPHA"}), _FRA), 0.03),
)
CLIENTS = 8


def fill(app: App, texts: list[str], seed: int = 3) -> None:
    """Insert ``texts`` as chunks (ten per document) with labels and vectors."""
    rng = np.random.default_rng(seed)
    conn = app.db
    embedder = app.embedder
    dim = embedder.dim if embedder else 384
    model = embedder.space if embedder else "none"
    with transaction(conn):
        ids = [label_id(conn, label) for label, _ in LABEL_MIX]
        users.add(conn, make_user("bench.dr", "DR", "FRA"), app.seal)
        picks = rng.choice(len(LABEL_MIX), size=len(texts) // 10 + 1, p=[p for _, p in LABEL_MIX])
        for d in range(0, len(texts), 10):
            lid = ids[int(picks[d // 10])]
            body = texts[d : d + 10]
            doc = conn.execute(
                "INSERT INTO documents (uid, content_hash, label_id, path, title, language,"
                " ingested_at, ingested_by, text, parts) VALUES (?, ?, ?, ?, ?, 'fr', 't', 'b', ?,"
                " '{}')",
                (f"doc-b{d}", f"h{d}", lid, f"bench/{d}", f"Doc {d}", " ".join(body)),
            ).lastrowid
            for seq, text in enumerate(body):
                terms = analyzer.terms(text, "fr")
                cid = conn.execute(
                    "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text,"
                    " terms, chunker) VALUES (?, ?, ?, 0, ?, ?, ?, 'bench')",
                    (doc, lid, seq, len(text), text, terms),
                ).lastrowid
                vec = rng.standard_normal(dim).astype(np.float32)
                vec /= np.linalg.norm(vec)
                conn.execute(
                    "INSERT INTO vectors (chunk_id, label_id, model, dim, vec) VALUES (?,?,?,?,?)",
                    (cid, lid, model, dim, vec.tobytes()),
                )


def run(texts: list[str], queries: list[str], baseline_queries: int) -> dict[str, Any]:
    from rank_bm25 import BM25Okapi

    with eval_app() as app:
        t0 = time.perf_counter()
        fill(app, texts)
        build_s = time.perf_counter() - t0
        searcher = app.searcher
        dr = Authority.of(make_user("bench.dr", "DR", "FRA"))
        secret = Authority.of(app.require_user())
        searcher.search("préchauffage", dr, 10)  # load the vector index once
        timings: dict[str, list[float]] = {
            "hybrid_dr": [],
            "hybrid_s": [],
            "bm25_only": [],
            "query_embedding": [],
        }
        embedder = app.embedder
        for q in queries:
            t = time.perf_counter()
            searcher.search(q, dr, 10)
            timings["hybrid_dr"].append(time.perf_counter() - t)
            t = time.perf_counter()
            searcher.search(q, secret, 10)
            timings["hybrid_s"].append(time.perf_counter() - t)
            if embedder is not None:
                t = time.perf_counter()
                embedder.query(q)
                timings["query_embedding"].append(time.perf_counter() - t)
        timings["hybrid_8_clients"] = concurrent(app, queries, [dr, secret])
        app.settings.embed.model = "none"
        lexical_only = App(app.settings.model_copy(deep=True))
        try:
            for q in queries:
                t = time.perf_counter()
                lexical_only.searcher.search(q, dr, 10)
                timings["bm25_only"].append(time.perf_counter() - t)
        finally:
            lexical_only.close()
        # the baseline indexes the very same analysed terms, read back from the store
        tokenised = [row[0].split() for row in app.db.execute("SELECT terms FROM chunks")]
    t0 = time.perf_counter()
    baseline = BM25Okapi(tokenised)
    baseline_build = time.perf_counter() - t0
    base_times = []
    for q in queries[:baseline_queries]:
        terms = analyzer.query_terms(q)
        t = time.perf_counter()
        scores = baseline.get_scores(terms)
        np.argpartition(-scores, 10)[:10]
        base_times.append(time.perf_counter() - t)
    out: dict[str, Any] = {
        "chunks": len(texts),
        "store_build_seconds": round(build_s, 1),
        "baseline_build_seconds": round(baseline_build, 1),
    }
    out.update({k: summary_ms(v) for k, v in timings.items() if v})
    out["clients"] = CLIENTS
    out["baseline_rank_bm25"] = summary_ms(base_times)
    out["ratio_bm25_p50_baseline_over_egide"] = round(
        out["baseline_rank_bm25"]["p50_ms"] / out["bm25_only"]["p50_ms"], 1
    )
    return out


def concurrent(app: App, queries: list[str], authorities: list[Authority]) -> list[float]:
    """Latency of each query when ``CLIENTS`` clients search at once, each with its own App
    and connection, each running its share of the queries."""
    clients = [App(app.settings.model_copy(deep=True)) for _ in range(CLIENTS)]
    latencies: list[float] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        searcher, authority = clients[n].searcher, authorities[n % len(authorities)]
        mine = []
        for q in queries[n::CLIENTS] or queries[:1]:
            t = time.perf_counter()
            searcher.search(q, authority, 10, None, True)
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    try:
        for n, c in enumerate(clients):  # each loads its vector index before the clock starts
            c.searcher.search("préchauffage", authorities[n % len(authorities)], 10)
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for c in clients:
            c.close()
    return latencies
