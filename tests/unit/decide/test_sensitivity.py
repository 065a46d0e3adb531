"""Rank-reversal thresholds against a brute-force search over the weights."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from egide.decide.compare import Table, compare
from egide.decide.model import Method
from egide.decide.sensitivity import sentences, thresholds

Scores = Callable[[np.ndarray], np.ndarray]


def _weighted_sum(table: Table) -> Scores:
    """The weighted sum written again, independently: min–max per criterion."""
    lo, hi = table.values.min(axis=0), table.values.max(axis=0)
    up = (table.values - lo) / (hi - lo)
    normal = np.where(table.types > 0, up, 1 - up)
    return lambda w: w @ normal.T  # rows of weights → rows of scores


def _weights(table: Table, j: int, t: np.ndarray) -> np.ndarray:
    w = (
        np.repeat(table.weights[None, :], len(t), axis=0)
        * ((1 - t) / (1 - table.weights[j]))[:, None]
    )
    w[:, j] = t
    return w


def _brute(
    table: Table, j: int, scores: Scores, key: str, points: int = 2_001, cuts: int = 1_000
) -> tuple[float | None, float | None]:
    """Scan ``points`` weights over [0, 1], then zoom on the first change on each side
    (the bracket cut in ``cuts`` again and again) down to below 1e-11."""

    def state(t: np.ndarray) -> np.ndarray:
        s = scores(_weights(table, j, t))
        if key == "leader":
            return np.argmax(s, axis=1)[:, None]
        return np.argsort(-s, axis=1, kind="stable")  # ties keep the table's order

    t0 = table.weights[j]
    ref = state(np.array([t0]))[0]
    grid = np.linspace(0, 1, points)
    found: list[float | None] = []
    for side in (grid[grid < t0][::-1], grid[grid > t0]):
        inside = t0
        for _ in range(1 + int(np.ceil(11 / np.log10(cuts)))):
            changed = np.flatnonzero((state(side) != ref).any(axis=1)) if len(side) else []
            if not len(changed):
                break
            first = int(changed[0])
            inside = inside if first == 0 else side[first - 1]
            side = np.linspace(inside, side[first], cuts + 1)[1:]
        else:
            found.append(float(side[0] + inside) / 2)
            continue
        found.append(None if inside == t0 else float(inside))
    return found[0], found[1]


def _random_table(rng: np.random.Generator) -> Table:
    m, n = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    return Table.build(
        [f"MA{i + 1}" for i in range(m)],
        [f"C{j + 1}" for j in range(n)],
        rng.uniform(0, 100, (m, n)).tolist(),
        rng.choice([-1, 1], n).tolist(),
        rng.dirichlet(np.ones(n)).tolist(),
    )


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)


def test_weighted_sum_thresholds_match_brute_force_on_1000_tables() -> None:
    rng = np.random.default_rng(20260412)
    reversals = 0
    for _ in range(1000):
        table = _random_table(rng)
        scores = _weighted_sum(table)
        for j, th in enumerate(thresholds(table, "wsum")):
            low, high = _brute(table, j, scores, "leader")
            assert _close(th.low, low) and _close(th.high, high), (table, j, th, low, high)
            low, high = _brute(table, j, scores, "order")
            assert _close(th.stable_low, low) and _close(th.stable_high, high)
            reversals += th.low is not None or th.high is not None
    assert reversals > 500, "the random tables exercise actual reversals"


def _library(table: Table, method: Method) -> Scores:
    from egide.decide.compare import Scorer

    scorer = Scorer(table, method)
    return lambda w: np.array([scorer(row) for row in w])


def test_scanned_thresholds_match_brute_force_for_topsis_and_promethee() -> None:
    rng = np.random.default_rng(7)
    for method in ("topsis", "promethee"):
        for _ in range(4):
            table = _random_table(rng)
            scores = _library(table, method)  # type: ignore[arg-type]
            for j, th in enumerate(thresholds(table, method)):  # type: ignore[arg-type]
                low, high = _brute(table, j, scores, "leader", 401, 30)
                assert _close(th.low, low) and _close(th.high, high), (method, j, th, low, high)


def test_the_threshold_sentence_names_the_leader_and_the_weight() -> None:
    table = Table.build(
        ["MA1", "MA2"],
        ["délais", "pertes"],
        [[6, 40], [4, 60]],
        [-1, -1],
        [0.3, 0.7],
    )
    result = compare(table)
    assert result.ranking == ["MA1", "MA2"]
    [delais, pertes] = thresholds(table)
    assert abs(delais.high - 0.5) < 1e-9 and delais.above == "MA2" and delais.low is None
    text = sentences(result, [delais, pertes], {"délais": "délais"})
    assert text[0] == (
        "MA1 reste en tête tant que le poids « délais » (aujourd'hui 0,30) reste "
        "inférieur à 0,50 (MA2 au-delà)."
    )
    assert "supérieur à 0,50 (MA2 en deçà)" in text[1]
    english = sentences(result, [delais, pertes], {"délais": "délais"}, "en")
    assert english[0] == (
        "MA1 stays first as long as the weight of “délais” (now 0.30) stays below 0.50 (MA2 "
        "above it)."
    )
