"""PIAF retrieval: every paragraph is a document, every question a query, its paragraph
the one relevant answer. Recall@1/5/10 and MRR@10 for BM25, dense and hybrid."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egide.app import App
from egide.cli.context import BarProgress
from egide.ingest.runner import ingest
from egide.security.principals import Authority

CUTOFFS = (1, 5, 10)


@dataclass
class Scores:
    hits: dict[int, int] = field(default_factory=lambda: dict.fromkeys(CUTOFFS, 0))
    rr: float = 0.0
    n: int = 0

    def add(self, rank: int | None) -> None:
        self.n += 1
        for k in CUTOFFS:
            self.hits[k] += rank is not None and rank <= k
        if rank is not None and rank <= 10:
            self.rr += 1.0 / rank

    def to_dict(self) -> dict[str, float]:
        out = {f"recall@{k}": round(self.hits[k] / self.n, 4) for k in CUTOFFS}
        out["mrr@10"] = round(self.rr / self.n, 4)
        return out


def load(path: Path) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Paragraph records (with a ``pid``) and (question, pid) pairs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = []
    questions: list[tuple[str, str]] = []
    for a, article in enumerate(data["data"]):
        for p, para in enumerate(article["paragraphs"]):
            pid = f"{a}-{p}"
            records.append({"text": para["context"], "title": article["title"], "pid": pid})
            questions.extend((qa["question"], pid) for qa in para["qas"])
    return records, questions


def _doc_rank(ranked: list[tuple[int, float]], pid_of: dict[int, str], pid: str) -> int | None:
    seen: list[str] = []
    for chunk_id, _ in ranked:
        doc = pid_of[chunk_id]
        if doc not in seen:
            seen.append(doc)
            if doc == pid:
                return len(seen)
    return None


def evaluate(
    app: App, piaf_json: Path, workdir: Path, lang: str = "fr", limit: int | None = None
) -> dict[str, Any]:
    records, questions = load(piaf_json)
    if limit:
        questions = questions[:limit]
    corpus = workdir / "piaf.jsonl"
    corpus.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    t0 = time.perf_counter()
    report = ingest(app, [corpus], "NP", progress=BarProgress(lang, True))
    ingest_s = time.perf_counter() - t0
    pid_of = {
        int(row["id"]): json.loads(row["meta"])["pid"]
        for row in app.db.execute(
            "SELECT c.id, d.meta FROM chunks c JOIN documents d ON d.id = c.document_id"
        )
    }
    authority = Authority.of(app.require_user())
    scores = {"bm25": Scores(), "dense": Scores(), "hybrid": Scores()}
    bar = BarProgress(lang, True)
    bar.start("search", len(questions))
    t0 = time.perf_counter()
    for question, pid in questions:
        r = app.searcher.rankings(question, authority, app.settings.search.candidates)
        scores["bm25"].add(_doc_rank(r.lexical, pid_of, pid))
        scores["dense"].add(_doc_rank(r.dense, pid_of, pid))
        scores["hybrid"].add(_doc_rank(r.fused, pid_of, pid))
        bar.advance()
    bar.stop()
    search_s = time.perf_counter() - t0
    return {
        "paragraphs": len(records),
        "questions": len(questions),
        "ingested": report.ingested,
        "failed": len(report.failed),
        "ingest_seconds": round(ingest_s, 1),
        "ms_per_question": round(1000 * search_s / max(1, len(questions)), 1),
        **{name: s.to_dict() for name, s in scores.items()},
    }
