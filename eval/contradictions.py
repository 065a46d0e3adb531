"""Contradiction detection on our own fixture (eval/fixtures/contradictions.json): pairs
of short documents in French and English (some pairs one of each) that disagree (numbers,
attributions, dates) or agree. ``template`` pairs share one wording per kind; ``varied``
pairs are each written differently (paraphrases, spelled numbers, another language).
Each pair is two documents from two sources; the brief on its question must report a
contradiction citing both exactly when they disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egide.app import App
from egide.ingest.runner import ingest
from egide.products import brief

FIXTURE = Path(__file__).parent / "fixtures" / "contradictions.json"


def evaluate(app: App, workdir: Path) -> dict[str, Any]:
    pairs = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for side in (0, 1):
        folder = workdir / f"side-{side}"
        folder.mkdir()
        for pair in pairs:
            (folder / f"{pair['id']}.txt").write_text(pair["documents"][side], encoding="utf-8")
        ingest(app, [folder], "NP", source=f"source-{side}")
    doc_of = {
        row[0]: Path(row[1]).stem for row in app.db.execute("SELECT uid, path FROM documents")
    }
    counts: dict[str, list[int]] = {}  # style → [tp, fp, fn]
    by_kind: dict[str, list[int]] = {}
    for pair in pairs:
        tally = counts.setdefault(pair.get("style", "template"), [0, 0, 0])
        b = brief.create(app, pair["question"], engine="extractive", question_label="NP")
        ids = {s.id: doc_of.get(s.document_id) for s in b.sources}
        found = any(
            {ids.get(c.source) for c in g.citations} == {pair["id"]} and len(g.citations) == 2
            for g in b.contradictions
        )
        if pair["contradiction"]:
            tally[0] += found
            tally[2] += not found
            by_kind.setdefault(pair["kind"], [0, 0])[0] += found
            by_kind[pair["kind"]][1] += 1
        else:
            tally[1] += found
        # a contradiction reported between this pair and another pair is a false one
        tally[1] += sum(
            1 for g in b.contradictions if len({ids.get(c.source) for c in g.citations}) > 1
        )
    tp, fp, fn = (sum(t[i] for t in counts.values()) for i in range(3))
    return {
        "pairs": len(pairs),
        "contradictory": tp + fn,
        "precision": round(tp / max(1, tp + fp), 3),
        "recall": round(tp / max(1, tp + fn), 3),
        "recall_by_kind": {k: round(v[0] / v[1], 3) for k, v in by_kind.items()},
        "false_contradictions": fp,
        "by_style": {
            style: {
                "precision": round(t[0] / max(1, t[0] + t[1]), 3),
                "recall": round(t[0] / max(1, t[0] + t[2]), 3),
            }
            for style, t in counts.items()
        },
    }


def report(c: dict[str, Any]) -> None:
    print(
        f"\nContradictions — {c['pairs']} paires de documents (fr/en), {c['contradictory']} "
        f"en désaccord : précision {c['precision']:.1%}, rappel {c['recall']:.1%} "
        f"{c['recall_by_kind']}"
    )
    for style, label in (("template", "rédaction type"), ("varied", "rédaction variée")):
        if style in c.get("by_style", {}):
            s = c["by_style"][style]
            print(f"  {label} : précision {s['precision']:.1%}, rappel {s['recall']:.1%}")
