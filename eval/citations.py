"""Citation quality on PIAF: do briefs cite the paragraph that holds the gold answer, and
what share of what a model proposes survives verification?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egide.app import App
from egide.llm.backend import Backend
from egide.products import brief


def gold(piaf_json: Path) -> list[tuple[str, str, str]]:
    """(question, paragraph id, answer text) in corpus order."""
    data = json.loads(piaf_json.read_text(encoding="utf-8"))
    out = []
    for a, article in enumerate(data["data"]):
        for p, para in enumerate(article["paragraphs"]):
            for qa in para["qas"]:
                out.append((qa["question"], f"{a}-{p}", qa["answers"][0]["text"]))
    return out


def evaluate(
    app: App, piaf_json: Path, n: int, backend: Backend | None = None, passages: int = 5
) -> dict[str, Any]:
    pid_of = {
        row[0]: json.loads(row[1])["pid"]
        for row in app.db.execute("SELECT uid, meta FROM documents")
    }
    app.settings.products.passages = passages
    cites_gold = answer_quoted = proposed = kept = model_claims = unavailable = 0
    questions = gold(piaf_json)[:n]
    for question, pid, answer in questions:
        product = brief.create(
            app, question, engine="extractive" if backend is None else "llm", backend=backend
        )
        cited_docs = {
            s.document_id
            for s in product.sources
            if any(c.source == s.id for cl in product.claims for c in cl.citations)
        }
        cites_gold += any(pid_of.get(uid) == pid for uid in cited_docs)
        answer_quoted += any(answer in c.quote for cl in product.claims for c in cl.citations)
        by_model = backend is not None and product.engine != "extractive"
        model_claims += by_model
        unavailable += any(n.startswith("Modèle indisponible") for n in product.notices)
        # a model whose every claim failed verification leaves an extractive brief: its
        # dropped claims still count as proposed
        kept += len(product.claims) if by_model else 0
        proposed += (len(product.claims) if by_model else 0) + product.dropped_claims
    out: dict[str, Any] = {
        "questions": len(questions),
        "cites_gold_paragraph": round(cites_gold / len(questions), 3),
        "answer_in_a_quote": round(answer_quoted / len(questions), 3),
    }
    if backend is not None:
        out["model_briefs"] = model_claims
        out["verified_share"] = round(kept / proposed, 3) if proposed else None
        out["proposed_claims"] = proposed
        out["model_unavailable"] = unavailable
    return out
