"""The fiche on PIAF: is the gold answer in « Ce qu'il faut retenir » (first 3 bullets),
against the top-3 retrieved passages as the baseline; and relevance — questions asked
of a store without their article must get « aucune information pertinente », answerable
ones a brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egide.app import App
from egide.ingest.runner import ingest
from egide.products import brief
from egide.retrieve.analyzer import fold


def _articles(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["data"]
    return data


def _questions(articles: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (qa["question"], qa["answers"][0]["text"])
        for article in articles
        for para in article["paragraphs"]
        for qa in para["qas"][:1]
    ]


def _ingest(app: App, articles: list[dict[str, Any]], workdir: Path) -> None:
    corpus = workdir / "fiche-piaf.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"text": p["context"], "title": a["title"]}, ensure_ascii=False)
            for a in articles
            for p in a["paragraphs"]
        )
        + "\n",
        encoding="utf-8",
    )
    ingest(app, [corpus], "NP")


def key_points(app: App, piaf: Path, n: int = 100) -> dict[str, Any]:
    """On the store of ``relevance`` (every other article): questions of stored articles."""
    questions = _questions(_articles(piaf)[::2])[:n]
    in_points = in_passages = 0
    for question, answer in questions:
        gold = fold(answer)
        b = brief.create(app, question, engine="extractive", question_label="NP")
        in_points += any(gold in fold(p.text) for p in b.key_points[:3])
        hits = app.search(question, 3).hits
        in_passages += any(gold in fold(h.row["text"]) for h in hits)
    return {
        "questions": len(questions),
        "answer_in_first_3_key_points": round(in_points / len(questions), 3),
        "answer_in_top_3_passages": round(in_passages / len(questions), 3),
    }


def relevance(
    app: App, piaf: Path, workdir: Path, held_out: int = 200, answerable: int = 200
) -> dict[str, Any]:
    """A fresh store with every other article; ``held_out`` questions of the articles kept
    out, ``answerable`` of the articles kept in."""
    articles = _articles(piaf)
    out_articles: list[dict[str, Any]] = []
    while len(_questions(out_articles)) < held_out and len(out_articles) < len(articles) // 2:
        out_articles.append(articles[len(out_articles) * 2 + 1])  # odd articles
    kept = [a for a in articles if all(a is not o for o in out_articles)]
    _ingest(app, kept, workdir)
    off = _questions(out_articles)[:held_out]
    on = _questions(kept)[:answerable]
    said_nothing = sum(
        not brief.create(app, q, engine="extractive", question_label="NP").relevant for q, _ in off
    )
    briefed = sum(
        brief.create(app, q, engine="extractive", question_label="NP").relevant for q, _ in on
    )
    return {
        "off_topic_questions": len(off),
        "off_topic_answered_nothing_relevant": round(said_nothing / max(1, len(off)), 3),
        "answerable_questions": len(on),
        "answerable_briefed": round(briefed / max(1, len(on)), 3),
    }


def report(f: dict[str, Any]) -> None:
    if "key_points" in f:
        k = f["key_points"]
        print(
            f"\nFiche sur PIAF — {k['questions']} questions : réponse dans « Ce qu'il faut "
            f"retenir » (3 premiers points) {k['answer_in_first_3_key_points']:.1%}, dans les "
            f"3 premiers passages (référence) {k['answer_in_top_3_passages']:.1%}"
        )
    if "relevance" in f:
        r = f["relevance"]
        print(
            f"  hors sujet : {r['off_topic_questions']} questions sans leur article, "
            f"« aucune information pertinente » {r['off_topic_answered_nothing_relevant']:.1%} ; "
            f"{r['answerable_questions']} questions avec leur article, fiche rédigée "
            f"{r['answerable_briefed']:.1%}"
        )
