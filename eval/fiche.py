"""The fiche on PIAF: is the gold answer in « Ce qu'il faut retenir » (first 3 bullets),
against the top-3 retrieved passages as the baseline; and relevance — questions asked
of a store without their article must get « aucune information pertinente », answerable
ones a brief.

One store holds every other article. The articles are split in two halves, each with its
stored and its held-out articles: ``dev`` is where thresholds are chosen, ``test`` is what
``make eval`` reports (no rule is fitted to its questions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from egide.app import App
from egide.ingest.runner import ingest
from egide.products import brief
from egide.retrieve.analyzer import fold

Split = Literal["dev", "test"]
#: article index modulo 4: stored, held out
_SPLITS: dict[str, tuple[int, int]] = {"dev": (0, 1), "test": (2, 3)}


def articles(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["data"]
    return data


def questions(chosen: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Questions with their gold answer: the first question of every paragraph, then the
    second of every paragraph, and so on."""
    paragraphs = [para for article in chosen for para in article["paragraphs"]]
    deepest = max((len(p["qas"]) for p in paragraphs), default=0)
    return [
        (p["qas"][k]["question"], p["qas"][k]["answers"][0]["text"])
        for k in range(deepest)
        for p in paragraphs
        if k < len(p["qas"])
    ]


def stored(all_articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return all_articles[::2]


def split(
    all_articles: list[dict[str, Any]], name: Split
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(answerable, off-topic) questions of one half."""
    kept, out = _SPLITS[name]
    on = [a for i, a in enumerate(all_articles) if i % 4 == kept]
    off = [a for i, a in enumerate(all_articles) if i % 4 == out]
    return questions(on), questions(off)


def ingest_store(app: App, all_articles: list[dict[str, Any]], workdir: Path) -> None:
    corpus = workdir / "fiche-piaf.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"text": p["context"], "title": a["title"]}, ensure_ascii=False)
            for a in stored(all_articles)
            for p in a["paragraphs"]
        )
        + "\n",
        encoding="utf-8",
    )
    ingest(app, [corpus], "NP")


def evaluate(app: App, piaf: Path, workdir: Path, n: int, name: Split = "test") -> dict[str, Any]:
    """Relevance and key points on ``n`` answerable and ``n`` off-topic questions."""
    all_articles = articles(piaf)
    ingest_store(app, all_articles, workdir)
    on, off = split(all_articles, name)
    return {"split": name, **measure(app, on[:n], off[:n])}


def measure(app: App, on: list[tuple[str, str]], off: list[tuple[str, str]]) -> dict[str, Any]:
    in_points = in_passages = briefed = said_nothing = 0
    for question, answer in on:
        gold = fold(answer)
        b = brief.create(app, question, engine="extractive", question_label="NP")
        briefed += b.relevant
        in_points += any(gold in fold(p.text) for p in b.key_points[:3])
        hits = app.search(question, 3).hits
        in_passages += any(gold in fold(h.row["text"]) for h in hits)
    for question, _ in off:
        said_nothing += not brief.create(
            app, question, engine="extractive", question_label="NP"
        ).relevant
    return {
        "answerable_questions": len(on),
        "answerable_briefed": round(briefed / max(1, len(on)), 3),
        "answer_in_first_3_key_points": round(in_points / max(1, len(on)), 3),
        "answer_in_top_3_passages": round(in_passages / max(1, len(on)), 3),
        "off_topic_questions": len(off),
        "off_topic_answered_nothing_relevant": round(said_nothing / max(1, len(off)), 3),
    }


def report(f: dict[str, Any]) -> None:
    print(
        f"\nFiche sur PIAF (moitié « {f['split']} ») — {f['answerable_questions']} questions "
        f"avec leur article : réponse dans « Ce qu'il faut retenir » (3 premiers points) "
        f"{f['answer_in_first_3_key_points']:.1%}, dans les 3 premiers passages (référence) "
        f"{f['answer_in_top_3_passages']:.1%} ; fiche rédigée {f['answerable_briefed']:.1%}"
    )
    print(
        f"  hors sujet : {f['off_topic_questions']} questions sans leur article, "
        f"« aucune information pertinente » {f['off_topic_answered_nothing_relevant']:.1%}"
    )
