"""Rank-reversal thresholds: how far one criterion's weight may move, the others keeping
their proportions, before the leading course of action (or the whole ranking) changes.

For criterion j with weights w, the weight t replaces w_j and every other weight becomes
w_k·(1−t)/(1−w_j). With the weighted sum and PROMETHEE II every score is then linear in
t, so the thresholds are exact crossings of lines; with TOPSIS they are found by a scan of
[0, 1], the first bracket where the result changes being cut again until it is narrower
than 1e-9.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from egide.decide.compare import Array, Comparison, Scorer, Table
from egide.decide.model import Method
from egide.i18n import t

_GRID = 100
_CUTS = 64
_TOL = 1e-9


def reweigh(weights: Array, j: int, t: float) -> Array:
    """The weights with criterion ``j`` at ``t``, the others rescaled to sum to 1 − t."""
    out: Array = reweigh_many(weights, j, np.array([t]))[0]
    return out


def reweigh_many(weights: Array, j: int, ts: Array) -> Array:
    """One row of weights per value of criterion ``j``'s weight in ``ts``."""
    rest = 1.0 - weights[j]
    if rest > _TOL:
        out = weights[None, :] * ((1.0 - ts) / rest)[:, None]
    else:
        out = np.repeat(((1.0 - ts) / max(len(weights) - 1, 1))[:, None], len(weights), axis=1)
    out[:, j] = ts
    return np.asarray(out, dtype=np.float64)


def leader(scores: Array) -> int:
    return int(np.argmax(scores))


Ints = NDArray[np.intp]
Key = Callable[[Array], Ints]


def _leaders(scores: Array) -> Ints:
    out: Ints = np.argmax(scores, axis=1)[:, None]
    return out


def _orders(scores: Array) -> Ints:
    out: Ints = np.argsort(-scores, axis=1, kind="stable")  # ties keep the table's order
    return out


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
    """Linear methods: the scores are a + b·t; thresholds are crossings of lines."""
    t0 = float(table.weights[j])
    ends = scorer.batch(reweigh_many(table.weights, j, np.array([0.0, 1.0])))
    a, b = ends[0], ends[1] - ends[0]
    now = a + b * t0
    low, high = _crossings(a, b, leader(now), t0)
    ranked = [int(x) for x in _orders(now[None, :])[0]]
    stable_low: float | None = None
    stable_high: float | None = None
    for upper, lower in itertools.pairwise(ranked):
        # the first change of the ranking is a swap of two neighbours
        lo, hi = _crossings(a[[upper, lower]], b[[upper, lower]], 0, t0)
        if lo is not None:
            stable_low = lo if stable_low is None else max(stable_low, lo)
        if hi is not None:
            stable_high = hi if stable_high is None else min(stable_high, hi)
    return low, high, stable_low, stable_high


@dataclass
class _Bracket:
    inside: float  # ``key`` still gives ``ref`` here…
    outside: float  # …and no longer here
    ref: Ints
    key: Key


def _zoom(table: Table, scorer: Scorer, j: int, brackets: list[_Bracket]) -> list[float]:
    """Narrow every bracket to below 1e-9; each round scores _CUTS − 1 points in each open
    bracket, all in one batch."""
    while True:
        open_ = [b for b in brackets if abs(b.outside - b.inside) >= 1e-9]
        if not open_:
            return [(b.inside + b.outside) / 2.0 for b in brackets]
        points = [np.linspace(b.inside, b.outside, _CUTS + 1)[1:-1] for b in open_]
        scores = scorer.batch(reweigh_many(table.weights, j, np.concatenate(points)))
        for n, (b, pts) in enumerate(zip(open_, points, strict=True)):
            keys = b.key(scores[n * (_CUTS - 1) : (n + 1) * (_CUTS - 1)])
            hits = np.flatnonzero((keys != b.ref).any(axis=1))
            if len(hits):
                first = int(hits[0])
                b.outside = float(pts[first])
                b.inside = float(pts[first - 1]) if first else b.inside
            else:
                b.inside = float(pts[-1])


def _scanned(table: Table, scorer: Scorer, j: int) -> tuple[float | None, ...]:
    """Non-linear methods: one batch over a grid of [0, 1], then a zoom on the first
    change on each side of the current weight, for the leader and for the ranking."""
    t0 = float(table.weights[j])
    grid = np.linspace(0.0, 1.0, _GRID + 1)
    below, above = grid[grid < t0][::-1], grid[grid > t0]
    scores = scorer.batch(reweigh_many(table.weights, j, np.concatenate([[t0], below, above])))
    found: list[_Bracket | None] = []
    keys: tuple[Key, Key] = (_leaders, _orders)
    for key in keys:
        states = key(scores)
        differs = (states[1:] != states[0]).any(axis=1)
        for side, diff in ((below, differs[: len(below)]), (above, differs[len(below) :])):
            hits = np.flatnonzero(diff)
            if not len(hits):
                found.append(None)
                continue
            first = int(hits[0])
            inside = t0 if first == 0 else float(side[first - 1])
            found.append(_Bracket(inside, float(side[first]), states[0], key))
    brackets = [b for b in found if b is not None]
    done = iter(_zoom(table, scorer, j, brackets))
    return tuple(None if b is None else next(done) for b in found)


def thresholds(table: Table, method: Method = "wsum") -> list[Threshold]:
    scorer = Scorer(table, method)
    out = []
    if len(table.criteria) == 1:  # one weight: nothing to move
        return [Threshold(table.criteria[0], 1.0, None, None, None, None, None, None)]
    for j, criterion in enumerate(table.criteria):
        low, high, stable_low, stable_high = (
            _exact(table, scorer, j) if scorer.linear else _scanned(table, scorer, j)
        )
        beyond = [max((low or 0.0) - 1e-6, 0.0), min((high or 1.0) + 1e-6, 1.0)]
        who = _leaders(scorer.batch(reweigh_many(table.weights, j, np.array(beyond))))[:, 0]
        out.append(
            Threshold(
                criterion,
                float(table.weights[j]),
                low,
                high,
                table.alternatives[int(who[0])] if low is not None else None,
                table.alternatives[int(who[1])] if high is not None else None,
                stable_low,
                stable_high,
            )
        )
    return out


def sentences(
    result: Comparison, found: list[Threshold], titles: dict[str, str], lang: str = "fr"
) -> list[str]:
    """« MA2 reste en tête tant que le poids « délais » reste inférieur à 0,35 (MA1 au-delà). »"""
    first = result.ranking[0]
    out = []
    for th in found:
        name = titles.get(th.criterion, th.criterion)
        parts = []
        if th.low is not None and th.low > _TOL:
            parts.append(
                t("supérieur à {x} ({ma} en deçà)", lang, x=number(th.low, lang), ma=th.below)
            )
        if th.high is not None and th.high < 1 - _TOL:
            parts.append(
                t("inférieur à {x} ({ma} au-delà)", lang, x=number(th.high, lang), ma=th.above)
            )
        if not parts:
            out.append(t("{ma} reste en tête quel que soit le poids « {name} ».", lang, ma=first,
                         name=name))
            continue
        out.append(
            t(
                "{ma} reste en tête tant que le poids « {name} » (aujourd'hui {weight}) reste "
                "{bounds}.",
                lang,
                ma=first,
                name=name,
                weight=number(th.weight, lang),
                bounds=t("{low} et {high}", lang, low=parts[0], high=parts[1])
                if len(parts) == 2
                else parts[0],
            )
        )
    return out


def number(x: float, lang: str = "fr") -> str:
    """Two decimals, with the decimal comma in French."""
    text = f"{x:.2f}"
    return text.replace(".", ",") if lang == "fr" else text
