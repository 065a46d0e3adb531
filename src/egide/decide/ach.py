"""Analysis of competing hypotheses (Heuer, *Psychology of Intelligence Analysis*, 1999,
ch. 8) as scored by the PARC ACH tool (Technical Description for Version 1.1): only
inconsistency counts (I = 1, II = 2); each item is weighted by its credibility and its
relevance, Low = 1/√2, Medium = 1, High = √2. Here the credibility of an item comes from
the Admiralty grades of the sources it cites, never from a model.

The hypothesis with the least weighted inconsistency leads. An item's diagnosticity is
the spread of its ratings across hypotheses; leave-one-out says which single item, if
wrong, would change the ranking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from egide.decide.model import DecisionFile

#: A rating's meaning on one scale (for diagnosticity), and its inconsistency (for scores).
SCALE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
INCONSISTENCY = {"I": 1.0, "II": 2.0}
LEVEL = {"H": math.sqrt(2.0), "M": 1.0, "L": 1.0 / math.sqrt(2.0)}
#: Below this spread (out of 1) an item does little to tell hypotheses apart.
LOW_DIAGNOSTICITY = 0.25


def grade_weight(grade: str | None) -> float:
    """Credibility of an item from an Admiralty grade: the geometric mean of the source's
    reliability (A–B high, C medium, D–F low) and the information's credibility (1–2 high,
    3 medium, 4–6 low). An assumption (no grade) counts as medium."""
    if not grade or len(grade) != 2:
        return 1.0
    letter, digit = grade[0].upper(), grade[1]
    source = "H" if letter in "AB" else "M" if letter == "C" else "L"
    info = "H" if digit in "12" else "M" if digit == "3" else "L"
    return math.sqrt(LEVEL[source] * LEVEL[info])


@dataclass(frozen=True)
class Item:
    id: str
    weight: float  # credibility × relevance
    ratings: dict[str, str]


@dataclass
class Result:
    hypotheses: list[str]
    inconsistency: dict[str, float]  # weighted, lower is more likely
    counts: dict[str, float]  # unweighted (I = 1, II = 2)
    ranking: list[str]  # most likely first
    diagnosticity: dict[str, float]  # 0 (rated alike everywhere) … 1
    unrated: list[tuple[str, str]]  # (item, hypothesis) cells with no rating
    weights: dict[str, float]
    sensitivity: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "hypotheses": self.hypotheses,
            "inconsistency": {k: round(v, 6) for k, v in self.inconsistency.items()},
            "counts": self.counts,
            "ranking": self.ranking,
            "diagnosticity": {k: round(v, 6) for k, v in self.diagnosticity.items()},
            "low_diagnosticity": [
                k for k, v in self.diagnosticity.items() if v < LOW_DIAGNOSTICITY
            ],
            "unrated": [list(cell) for cell in self.unrated],
            "weights": {k: round(v, 6) for k, v in self.weights.items()},
            "sensitivity": self.sensitivity,
        }


def inconsistency(items: list[Item], hypotheses: list[str]) -> dict[str, float]:
    return {
        h: sum(i.weight * INCONSISTENCY.get(i.ratings.get(h, ""), 0.0) for i in items)
        for h in hypotheses
    }


def diagnosticity(item: Item, hypotheses: list[str]) -> float:
    """Spread of the item's ratings over the hypotheses it is rated against, out of 1."""
    values = [SCALE[r] for h in hypotheses if (r := item.ratings.get(h, "")) in SCALE]
    if len(values) < 2:
        return 0.0
    return (max(values) - min(values)) / 4.0


def rank(scores: dict[str, float], order: list[str]) -> list[str]:
    """Least inconsistent first; equal scores keep the file's order."""
    return sorted(order, key=lambda h: (round(scores[h], 9), order.index(h)))


def score(items: list[Item], hypotheses: list[str]) -> Result:
    scores = inconsistency(items, hypotheses)
    counts = inconsistency([Item(i.id, 1.0, i.ratings) for i in items], hypotheses)
    ranking = rank(scores, hypotheses)
    result = Result(
        hypotheses=list(hypotheses),
        inconsistency=scores,
        counts=counts,
        ranking=ranking,
        diagnosticity={i.id: diagnosticity(i, hypotheses) for i in items},
        unrated=[(i.id, h) for i in items for h in hypotheses if h not in i.ratings],
        weights={i.id: i.weight for i in items},
    )
    for i, item in enumerate(items):
        without = rank(inconsistency(items[:i] + items[i + 1 :], hypotheses), hypotheses)
        if without != ranking:
            result.sensitivity.append(
                {
                    "item": item.id,
                    "leader_changes": without[0] != ranking[0],
                    "ranking_without": without,
                }
            )
    return result


def items_of(file: DecisionFile) -> list[Item]:
    """The matrix rows of a file: each weighted by the best grade it cites and its
    relevance (an item without sources is an argument, of medium credibility)."""
    out = []
    for e in file.evidence:
        credibility = max((grade_weight(r.grade) for r in e.refs), default=1.0)
        out.append(Item(e.id, credibility * LEVEL[e.relevance], dict(e.ratings)))
    return out


def analyse(file: DecisionFile) -> Result:
    return score(items_of(file), [h.id for h in file.me])
