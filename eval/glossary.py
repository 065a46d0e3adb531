"""Coverage of Égide's own lexicon against the acronyms of the 2003–2008 military
programming law (read from the evaluation data, never shipped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from egide.enrich.lexicon import Lexicon
from egide.retrieve.analyzer import tokens


def _overlap(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return len(ta & tb) / len(tb) if tb else 0.0


def evaluate(lexicon: Lexicon, tsv: Path) -> dict[str, Any]:
    lines = tsv.read_text(encoding="utf-8").splitlines()[1:]
    total = known = agreeing = 0
    missing: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        sigle, _, meaning = line.partition("\t")
        total += 1
        entry = lexicon.lookup(sigle.strip())
        if entry is None:
            missing.append(sigle.strip())
            continue
        known += 1
        agreeing += _overlap(entry.expansion, meaning.rstrip(".")) >= 0.5
    return {
        "sigles": total,
        "resolved": known,
        "resolved_share": round(known / total, 3) if total else 0.0,
        "same_meaning": agreeing,
        "unresolved_examples": missing[:15],
    }
