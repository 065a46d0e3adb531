"""Ingest throughput: documents/s and MB/s through parse, chunk, label, NER and FTS, with
the embedding time measured separately."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from eval.common import eval_app

from egide.ingest.indexer import fill_vectors
from egide.ingest.runner import ingest
from egide.security.principals import Authority


def run(root: Path, workdir: Path, texts: list[str], embed_sample: int = 200) -> dict[str, Any]:
    folder = workdir / "docs"
    folder.mkdir()
    total_bytes = 0
    for i, text in enumerate(texts):
        data = text.encode("utf-8")
        total_bytes += len(data)
        (folder / f"doc{i:05}.txt").write_bytes(data)
    del root
    with eval_app() as app:
        app.enricher.extract("Préchauffage du modèle à Paris.", "fr", None)  # load spaCy once
        t0 = time.perf_counter()
        report = ingest(app, [folder], "DR", embed=False)
        ingest_s = time.perf_counter() - t0
        chunks = app.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        # embedding is timed apart, on the first passages, in the ingest's own batches
        t0 = time.perf_counter()
        vectors = fill_vectors(app, Authority.of(app.require_user()), limit=embed_sample)
        embed_s = time.perf_counter() - t0
    return {
        "documents": report.ingested,
        "failed": len(report.failed),
        "chunks": chunks,
        "mean_doc_chars": round(sum(len(t) for t in texts) / len(texts)),
        "ingest_seconds": round(ingest_s, 2),
        "documents_per_s": round(report.ingested / ingest_s, 1),
        "mb_per_s": round(total_bytes / 1e6 / ingest_s, 3),
        "embed_seconds": round(embed_s, 2),
        "vectors": vectors,
        "passages_per_s": round(vectors / embed_s, 1) if embed_s else None,
    }
