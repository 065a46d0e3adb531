"""Rank-reversal thresholds: how far one criterion's weight may move, the others keeping
their proportions, before the leading course of action (or the whole ranking) changes.

For criterion j with weights w, the weight t replaces w_j and every other weight becomes
w_k·(1−t)/(1−w_j). With the weighted sum every score is then linear in t, so the
thresholds are exact crossings of lines; with TOPSIS and PROMETHEE II they are found by a
scan of [0, 1] refined by bisection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from egide.decide.compare import Array, Comparison, Scorer, Table
from egide.decide.model import Method

_GRID = 48
_TOL = 1e-9


def reweigh(weights: Array, j: int, t: float) -> Array:
    """The weights with criterion ``j`` at ``t``, the others rescaled to sum to 1 − t."""
    rest = 1.0 - weights[j]
    out = (
        weights * ((1.0 - t) / rest)
        if rest > _TOL
        else np.full_like(weights, (1.0 - t) / max(len(weights) - 1, 1))
    )
    out[j] = t
    return out


def leader(scores: Array) -> int:
    return int(np.argmax(scores))


def order(scores: Array) -> tuple[int, ...]:
    return tuple(int(i) for i in np.lexsort((np.arange(len(scores)), -scores)))


@dataclass
class Threshold:
    criterion: str
    weight: float
    low: float | None  # the leader stays first for weights above this…
    high: float | None  # …and below this (None: on the whole of [0, 1])
    below: str | None  # who leads beyond ``low``
    above: str | None  # who leads beyond ``high``
    stable_low: float | None  # the whole ranking holds between these
    stable_high: float | None

    def to_json(self) -> dict[str, object]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 9)

        return {
            "criterion": self.criterion,
            "weight": r(self.weight),
            "low": r(self.low),
            "high": r(self.high),
            "below": self.below,
            "above": self.above,
            "ranking_low": r(self.stable_low),
            "ranking_high": r(self.stable_high),
        }


def _linear(table: Table, scorer: Scorer, j: int) -> tuple[Array, Array]:
    """Scores as a + b·t when criterion j's weight is t (weighted sum only)."""
    at0 = scorer(reweigh(table.weights, j, 0.0))
    at1 = scorer(reweigh(table.weights, j, 1.0))
    return at0, at1 - at0


def _crossings(a: Array, b: Array, i: int, t0: float) -> tuple[float | None, float | None]:
    """Nearest t below and above t0 where another line meets line i and passes it."""
    low: float | None = None
    high: float | None = None
    for k in range(len(a)):
        if k == i or abs(b[k] - b[i]) < 1e-15:
            continue
        t = (a[i] - a[k]) / (b[k] - b[i])
        if not 0.0 <= t <= 1.0:
            continue
        if b[k] > b[i] and t >= t0 - _TOL:
            high = t if high is None else min(high, t)
        elif b[k] < b[i] and t <= t0 + _TOL:
            low = t if low is None else max(low, t)
    return low, high


def _exact(table: Table, scorer: Scorer, j: int) -> tuple[float | None, ...]:
    t0 = float(table.weights[j])
    a, b = _linear(table, scorer, j)
    first = leader(a + b * t0)
    low, high = _crossings(a, b, first, t0)
    ranked = order(a + b * t0)
    stable_low: float | None = None
    stable_high: float | None = None
    for upper, lower in itertools.pairwise(ranked):
        # the ranking changes when any adjacent pair swaps
        lo, hi = _crossings(a[[upper, lower]], b[[upper, lower]], 0, t0)
        if lo is not None:
            stable_low = lo if stable_low is None else max(stable_low, lo)
        if hi is not None:
            stable_high = hi if stable_high is None else min(stable_high, hi)
    return low, high, stable_low, stable_high


Key = Callable[[Array], object]


def _bisect(scorer: Scorer, table: Table, j: int, inside: float, outside: float, fn: Key) -> float:
    """The boundary between ``inside`` (where ``fn`` gives what it gives at t0) and
    ``outside``."""
    ref = fn(scorer(reweigh(table.weights, j, inside)))
    for _ in range(60):
        mid = (inside + outside) / 2.0
        if fn(scorer(reweigh(table.weights, j, mid))) == ref:
            inside = mid
        else:
            outside = mid
        if abs(outside - inside) < 1e-10:
            break
    return (inside + outside) / 2.0


def _scanned(table: Table, scorer: Scorer, j: int) -> tuple[float | None, ...]:
    t0 = float(table.weights[j])
    grid = sorted({*np.linspace(0.0, 1.0, _GRID + 1).tolist(), t0})
    at = {t: scorer(reweigh(table.weights, j, t)) for t in grid}
    out: list[float | None] = []
    keys: tuple[Key, Key] = (leader, order)
    for fn in keys:
        ref = fn(at[t0])
        below = [t for t in grid if t < t0][::-1]
        above = [t for t in grid if t > t0]
        for side in (below, above):
            found = None
            prev = t0
            for t in side:
                if fn(at[t]) != ref:
                    found = _bisect(scorer, table, j, prev, t, fn)
                    break
                prev = t
            out.append(found)
    return tuple(out)


def thresholds(table: Table, method: Method = "wsum") -> list[Threshold]:
    scorer = Scorer(table, method)
    out = []
    if len(table.criteria) == 1:  # one weight: nothing to move
        return [Threshold(table.criteria[0], 1.0, None, None, None, None, None, None)]
    for j, criterion in enumerate(table.criteria):
        low, high, stable_low, stable_high = (
            _exact(table, scorer, j) if method == "wsum" else _scanned(table, scorer, j)
        )
        below = (
            table.alternatives[leader(scorer(reweigh(table.weights, j, max(low - 1e-6, 0.0))))]
            if low is not None
            else None
        )
        above = (
            table.alternatives[leader(scorer(reweigh(table.weights, j, min(high + 1e-6, 1.0))))]
            if high is not None
            else None
        )
        out.append(
            Threshold(
                criterion,
                float(table.weights[j]),
                low,
                high,
                below,
                above,
                stable_low,
                stable_high,
            )
        )
    return out


def sentences(result: Comparison, found: list[Threshold], titles: dict[str, str]) -> list[str]:
    """« MA2 reste en tête tant que le poids « délais » reste inférieur à 0,35 (MA1 au-delà). »"""
    first = result.ranking[0]
    out = []
    for th in found:
        name = titles.get(th.criterion, th.criterion)
        if th.low is None and th.high is None:
            out.append(f"{first} reste en tête quel que soit le poids « {name} ».")
            continue
        parts = []
        if th.low is not None and th.low > _TOL:
            parts.append(f"supérieur à {_fr(th.low)} ({th.below} en deçà)")
        if th.high is not None and th.high < 1 - _TOL:
            parts.append(f"inférieur à {_fr(th.high)} ({th.above} au-delà)")
        if not parts:
            out.append(f"{first} reste en tête quel que soit le poids « {name} ».")
            continue
        out.append(
            f"{first} reste en tête tant que le poids « {name} » (aujourd'hui "
            f"{_fr(th.weight)}) reste {' et '.join(parts)}."
        )
    return out


def _fr(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")
