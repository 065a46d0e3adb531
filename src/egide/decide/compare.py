"""The comparison table: raw values beside scores, ranked by a weighted sum (default) or
by TOPSIS or PROMETHEE II (computed by the pymcdm library). Ties and criteria that do not
tell the courses of action apart are warned about.

The weighted sum scores each criterion by min–max normalisation (best value 1, worst 0,
following the criterion's direction); TOPSIS uses vector normalisation (Hwang & Yoon,
1981); PROMETHEE II the "usual" preference function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from egide.decide.model import DecisionFile, Method
from egide.errors import DecisionError, DependencyError
from egide.i18n import N_, Joined, Msg, t

Array = NDArray[np.float64]
#: Scores closer than this (on the method's scale) are a tie.
TIE = 1e-9
#: Leaders closer than this share of the score range are "too close to call".
CLOSE = 0.02
METHOD_NAMES = {
    "wsum": N_("somme pondérée"),
    "topsis": "TOPSIS",
    "promethee": "PROMETHEE II",
}


@dataclass
class Table:
    alternatives: list[str]
    criteria: list[str]
    values: Array  # alternatives × criteria, raw
    types: Array  # +1 higher is better, −1 lower is better
    weights: Array  # normalised, sums to 1

    @classmethod
    def build(
        cls,
        alternatives: list[str],
        criteria: list[str],
        values: list[list[float]],
        types: list[int],
        weights: list[float],
    ) -> Table:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (len(criteria),) or (w < 0).any() or not w.sum() > 0:
            raise DecisionError(
                Msg("poids négatifs, absents ou tous nuls")
            )
        return cls(
            list(alternatives),
            list(criteria),
            np.asarray(values, dtype=np.float64).reshape(len(alternatives), len(criteria)),
            np.asarray(types, dtype=np.float64),
            w / w.sum(),
        )


def minmax(values: Array, types: Array) -> Array:
    """Per criterion: best value 1, worst 0; a criterion with one value everywhere is 0."""
    low, high = values.min(axis=0), values.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    up = (values - low) / span
    scaled = np.where(types > 0, up, 1.0 - up)
    return np.where(high > low, scaled, 0.0)


def _pymcdm(method: Method) -> tuple[Any, Any]:
    """The library's method object and its helpers module (imported on first use)."""
    try:
        from pymcdm import helpers, normalizations
        from pymcdm.methods import PROMETHEE_II, TOPSIS
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DependencyError("pymcdm", install="pip install pymcdm") from exc
    if method == "topsis":
        return TOPSIS(normalizations.vector_normalization), (helpers, normalizations)
    return PROMETHEE_II("usual"), (helpers, normalizations)


class Scorer:
    """Scores of every alternative for given weights; one object per table and method so
    that sensitivity analysis reuses what does not depend on the weights.

    ``__call__`` gives the method's scores (the library's, for TOPSIS and PROMETHEE II);
    ``batch`` the same for many weight vectors at once: the weighted sum and PROMETHEE II
    are linear in the weights (a PROMETHEE II net flow is the weighted sum of the flows of
    each criterion alone, each computed by the library), TOPSIS is evaluated on the
    library's normalised matrix."""

    def __init__(self, table: Table, method: Method) -> None:
        self.table, self.method = table, method
        self._impl: Any = None
        self._basis: Array | None = None
        self._normal: Array | None = None
        if method == "wsum":
            self._basis = minmax(table.values, table.types)
            return
        self._impl, (helpers, normalizations) = _pymcdm(method)
        if method == "promethee":
            n = len(table.criteria)
            self._basis = np.stack([self._library(np.eye(n)[j]) for j in range(n)], axis=1)
        else:
            self._normal = np.asarray(
                helpers.normalize_matrix(
                    table.values, normalizations.vector_normalization, table.types
                ),
                dtype=np.float64,
            )

    @property
    def linear(self) -> bool:
        return self._basis is not None

    def _library(self, weights: Array) -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            out = self._impl(self.table.values, weights, self.table.types, validation=False)
        # all the weight on criteria that do not separate the MA: no preference, a tie
        return np.nan_to_num(np.asarray(out, dtype=np.float64), nan=0.0)

    def __call__(self, weights: Array) -> Array:
        if self.method == "wsum":
            assert self._basis is not None
            return self._basis @ weights
        return self._library(weights)

    def batch(self, weights: Array) -> Array:
        """Rows of weights → rows of scores."""
        if self._basis is not None:
            return weights @ self._basis.T
        assert self._normal is not None
        v = self._normal[None, :, :] * weights[:, None, :]
        best = np.sqrt(((v - v.max(axis=1, keepdims=True)) ** 2).sum(axis=2))
        worst = np.sqrt(((v - v.min(axis=1, keepdims=True)) ** 2).sum(axis=2))
        total = worst + best  # zero only when every weight sits on a useless criterion
        closeness: Array = np.where(total > 0, worst / np.where(total > 0, total, 1.0), 0.0)
        return closeness


@dataclass
class Comparison:
    method: Method
    alternatives: list[str]
    criteria: list[str]
    weights: dict[str, float]
    scores: dict[str, float]
    ranking: list[str]  # best first
    normalised: dict[str, dict[str, float]]  # per alternative, per criterion (0–1)
    warnings: list[Msg] = field(default_factory=list)
    excluded: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self, lang: str = "fr") -> dict[str, object]:
        return {
            "method": self.method,
            "method_name": t(METHOD_NAMES[self.method], lang),
            "alternatives": self.alternatives,
            "criteria": self.criteria,
            "weights": {k: round(v, 6) for k, v in self.weights.items()},
            "scores": {k: round(v, 6) for k, v in self.scores.items()},
            "ranking": self.ranking,
            "normalised": {
                a: {c: round(v, 6) for c, v in row.items()} for a, row in self.normalised.items()
            },
            "warnings": [w.render(lang) for w in self.warnings],
            "excluded": self.excluded,
        }


def ranking(scores: Array, alternatives: list[str]) -> list[str]:
    """Best first; equal scores keep the table's order."""
    order = sorted(range(len(alternatives)), key=lambda i: (-round(float(scores[i]), 12), i))
    return [alternatives[i] for i in order]


def compare(table: Table, method: Method = "wsum") -> Comparison:
    if len(table.alternatives) < 2:
        raise DecisionError(Msg("il faut au moins deux MA à comparer"))
    scores = Scorer(table, method)(table.weights)
    order = ranking(scores, table.alternatives)
    normal = minmax(table.values, table.types)
    out = Comparison(
        method=method,
        alternatives=table.alternatives,
        criteria=table.criteria,
        weights=dict(zip(table.criteria, map(float, table.weights), strict=True)),
        scores=dict(zip(table.alternatives, map(float, scores), strict=True)),
        ranking=order,
        normalised={
            a: dict(zip(table.criteria, map(float, normal[i]), strict=True))
            for i, a in enumerate(table.alternatives)
        },
    )
    out.warnings = warnings(table, out)
    return out


def warnings(table: Table, result: Comparison) -> list[Msg]:
    out = []
    for j, criterion in enumerate(table.criteria):
        column = table.values[:, j]
        if float(column.max() - column.min()) <= TIE * max(1.0, float(abs(column).max())):
            out.append(
                Msg(
                    "Le critère {criterion} ne départage pas les MA (même valeur partout) : "
                    "son poids ne change pas le classement.",
                    criterion=criterion,
                )
            )
        elif table.weights[j] == 0:
            out.append(
                Msg(
                    "Le critère {criterion} a un poids nul : il n'entre pas dans le calcul.",
                    criterion=criterion,
                )
            )
    first, second = result.ranking[0], result.ranking[1]
    gap = result.scores[first] - result.scores[second]
    spread = max(result.scores.values()) - min(result.scores.values())
    if gap <= TIE:
        tied = [a for a in result.ranking if result.scores[first] - result.scores[a] <= TIE]
        out.append(Msg("Ex aequo en tête : {tied}.", tied=", ".join(tied)))
    elif spread > 0 and gap < CLOSE * spread:
        out.append(
            Msg(
                "{first} ne devance {second} que de {gap} ({method}) : écart trop faible pour "
                "conclure.",
                first=first,
                second=second,
                gap=round(gap, 4),
                method=Msg(METHOD_NAMES[result.method]),
            )
        )
    for i, a in enumerate(table.alternatives):
        for k, b in enumerate(table.alternatives):
            worse = table.values[k] * table.types <= table.values[i] * table.types
            if i != k and worse.all() and (table.values[k] != table.values[i]).any():
                out.append(Msg("{a} domine {b} sur tous les critères.", a=a, b=b))
    return out


def table_of(file: DecisionFile) -> tuple[Table, dict[str, list[str]]]:
    """The file's table: the MA not screened out, the criteria, the commander's weights.
    Returns the MA left out with the screening criteria they failed."""
    if file.weights is None:
        raise DecisionError(
            Msg(
                "aucun poids fixé : le chef ou le chef d'état-major les fixe (egide decision "
                "weights)",
            )
        )
    excluded = {m.id: m.screened_out() for m in file.ma if m.screened_out()}
    courses = [m.id for m in file.ma if m.id not in excluded]
    criteria = [c.id for c in file.criteria]
    missing = [f"{m}/{c}" for m in courses for c in criteria if c not in file.values.get(m, {})]
    if missing:
        raise DecisionError(
            Msg("valeurs manquantes au tableau : {missing}", missing=', '.join(missing))
        )
    unknown = set(file.weights.values) - set(criteria)
    if unknown:
        raise DecisionError(
            Msg("poids sur des critères inconnus : {unknown}", unknown=', '.join(sorted(unknown)))
        )
    table = Table.build(
        courses,
        criteria,
        [[file.values[m][c] for c in criteria] for m in courses],
        [1 if c.direction == "max" else -1 for c in file.criteria],
        [file.weights.values.get(c, 0.0) for c in criteria],
    )
    return table, excluded


def compare_file(file: DecisionFile, method: Method | None = None) -> Comparison:
    table, excluded = table_of(file)
    result = compare(table, method or file.method)
    result.excluded = excluded
    for ma, failed in excluded.items():
        failures = Joined([Msg("non {criterion}", criterion=c) for c in failed], ", ")
        result.warnings.insert(0, Msg("{ma} écarté : {failures}.", ma=ma, failures=failures))
    return result
