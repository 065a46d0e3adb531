"""Real text for the benchmarks, read from the third-party evaluation data at run time:
French Wikipedia paragraphs (PIAF) and English news snippets (CASE 2021)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from egide.ingest.chunking import sentences


def french_paragraphs(root: Path) -> list[str]:
    data = json.loads((root / "piaf" / "piaf-dev.json").read_text(encoding="utf-8"))
    return [p["context"] for a in data["data"] for p in a["paragraphs"]]


def english_snippets(root: Path) -> list[str]:
    with (root / "case2021" / "dev.tsv").open(encoding="utf-8") as fh:
        return [row["EventSnippet"] for row in csv.DictReader(fh, delimiter="\t")]


def questions(root: Path) -> list[str]:
    data = json.loads((root / "piaf" / "piaf-dev.json").read_text(encoding="utf-8"))
    return [qa["question"] for a in data["data"] for p in a["paragraphs"] for qa in p["qas"]]


def documents(root: Path, n: int, size: int = 3000, seed: int = 7) -> list[str]:
    """``n`` distinct documents of about ``size`` characters: two thirds French
    paragraphs, one third English snippets, drawn without repeating an order."""
    rng = random.Random(seed)
    fr, en = french_paragraphs(root), english_snippets(root)
    docs = []
    for i in range(n):
        pool = en if i % 3 == 2 else fr
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < size:
            parts.append(rng.choice(pool))
        docs.append("\n\n".join(parts)[: size + 400])
    return docs


def chunk_texts(root: Path, n: int, size: int = 700, seed: int = 11) -> list[str]:
    """``n`` distinct passages of about ``size`` characters built from real sentences."""
    rng = random.Random(seed)
    pool: list[str] = []
    for text in french_paragraphs(root) + english_snippets(root):
        pool.extend(text[s.start : s.end] for s in sentences(text))
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(pool))
        out.append(" ".join(parts))
    return out
