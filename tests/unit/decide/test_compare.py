"""Comparison methods on published worked examples, and the table's warnings."""

from __future__ import annotations

import numpy as np
import pytest

from egide.decide.compare import Table, compare
from egide.errors import DecisionError


def _aircraft() -> Table:
    """Hwang & Yoon, *Multiple Attribute Decision Making* (Springer, 1981), the fighter
    aircraft example reproduced across the MCDA literature: maximum speed (Mach), ferry
    range (NM), maximum payload (lb), acquisition cost (M$, lower is better), reliability
    and manoeuvrability (interval scores)."""
    return Table.build(
        ["A1", "A2", "A3", "A4"],
        ["vitesse", "rayon", "charge", "coût", "fiabilité", "manœuvrabilité"],
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ],
        [1, 1, 1, -1, 1, 1],
        [0.2, 0.1, 0.1, 0.1, 0.2, 0.3],
    )


def _topsis_by_hand(t: Table) -> np.ndarray:
    v = t.values / np.sqrt((t.values**2).sum(axis=0)) * t.weights
    best = np.where(t.types > 0, v.max(axis=0), v.min(axis=0))
    worst = np.where(t.types > 0, v.min(axis=0), v.max(axis=0))
    d_best = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return d_worst / (d_best + d_worst)


def test_topsis_reproduces_hwang_and_yoon() -> None:
    table = _aircraft()
    result = compare(table, "topsis")
    scores = np.array([result.scores[a] for a in table.alternatives])
    # the relative closeness published by Hwang & Yoon (rounded intermediate values there)
    assert np.abs(scores - np.array([0.643, 0.268, 0.613, 0.312])).max() < 1e-3
    assert np.abs(scores - _topsis_by_hand(table)).max() < 1e-6
    assert result.ranking == ["A1", "A3", "A4", "A2"]


def _promethee_usual_by_hand(t: Table) -> np.ndarray:
    n = len(t.alternatives)
    pi = np.zeros((n, n))
    for a in range(n):
        for b in range(n):
            gain = (t.values[a] - t.values[b]) * t.types
            pi[a, b] = (t.weights * (gain > 0)).sum()
    return (pi.sum(axis=1) - pi.sum(axis=0)) / (n - 1)


def test_promethee_ii_reproduces_the_library_example() -> None:
    """pymcdm's own PROMETHEE II example (usual criterion): net flows 0.1, −0.3, 0.2;
    recomputed here from the definition of the net outranking flow (Brans & Vincke,
    1985)."""
    table = Table.build(
        ["A1", "A2", "A3"],
        ["g1", "g2", "g3"],
        [[4, 3, 2], [3, 2, 4], [5, 1, 3]],
        [1, 1, 1],
        [0.5, 0.3, 0.2],
    )
    result = compare(table, "promethee")
    flows = np.array([result.scores[a] for a in table.alternatives])
    assert np.abs(flows - np.array([0.1, -0.3, 0.2])).max() < 1e-6
    assert np.abs(flows - _promethee_usual_by_hand(table)).max() < 1e-6
    assert result.ranking == ["A3", "A1", "A2"]
    aircraft = _aircraft()
    flows = np.array(list(compare(aircraft, "promethee").scores.values()))
    assert np.abs(flows - _promethee_usual_by_hand(aircraft)).max() < 1e-6


def test_weighted_sum_scores_min_max_values() -> None:
    table = Table.build(
        ["MA1", "MA2", "MA3"],
        ["délais", "pertes", "effet"],
        [[6, 40, 3], [4, 60, 4], [8, 20, 2]],
        [-1, -1, 1],
        [2, 1, 1],  # normalised to 0.5, 0.25, 0.25
    )
    result = compare(table)
    # délais: MA2 best (1), MA1 0.5, MA3 0; pertes: MA3 1, MA1 0.5, MA2 0; effet: 0.5/1/0
    assert result.scores == pytest.approx({"MA1": 0.5, "MA2": 0.75, "MA3": 0.25})
    assert result.ranking == ["MA2", "MA1", "MA3"]
    assert result.weights == pytest.approx({"délais": 0.5, "pertes": 0.25, "effet": 0.25})


def test_warnings_name_ties_useless_criteria_and_dominance() -> None:
    table = Table.build(
        ["MA1", "MA2", "MA3"],
        ["a", "b", "c"],
        [[1, 0, 5], [0, 1, 5], [0, 0, 5]],
        [1, 1, 1],
        [1, 1, 1],
    )
    w = [str(x) for x in compare(table).warnings]
    assert any("c ne départage pas" in x for x in w)
    assert any(x.startswith("Ex aequo en tête : MA1, MA2") for x in w)
    assert "MA1 domine MA3 sur tous les critères." in w
    assert not any("MA1 domine MA2" in x for x in w)
    assert "MA1 dominates MA3 on every criterion." in compare(table).to_json("en")["warnings"]
    close = Table.build(["X", "Y", "Z"], ["a"], [[1.0], [0.99], [0.0]], [1], [1])
    assert any("écart trop faible" in str(x) for x in compare(close).warnings)
    english = compare(close).to_json("en")
    assert english["method_name"] == "weighted sum"
    assert any("too small a gap" in x for x in english["warnings"])


def test_bad_weights_are_refused() -> None:
    with pytest.raises(DecisionError):
        Table.build(["A", "B"], ["a"], [[1], [2]], [1], [-1])
    with pytest.raises(DecisionError):
        Table.build(["A", "B"], ["a", "b"], [[1, 1], [2, 2]], [1, 1], [0, 0])


def test_batched_scores_are_the_librarys() -> None:
    """Sensitivity scans many weights at once; each row must equal the library's answer."""
    from egide.decide.compare import Scorer

    rng = np.random.default_rng(3)
    for method in ("topsis", "promethee"):
        table = Table.build(
            [f"A{i}" for i in range(6)],
            [f"c{j}" for j in range(5)],
            rng.uniform(0, 10, (6, 5)).tolist(),
            [1, -1, 1, 1, -1],
            rng.dirichlet(np.ones(5)).tolist(),
        )
        scorer = Scorer(table, method)  # type: ignore[arg-type]
        weights = rng.dirichlet(np.ones(5), size=50)
        one_by_one = np.array([scorer(w) for w in weights])
        assert np.abs(scorer.batch(weights) - one_by_one).max() < 1e-9
