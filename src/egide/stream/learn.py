"""The learned triage model: multilingual-e5-small sentence vectors (the store's
embedder) and a multinomial logistic regression trained on examples an analyst labels.
Training reports cross-validated macro-F1; inference is a matrix product in numpy, so the
stored weights are plain arrays — never pickled code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from egide.embed.base import Embedder
from egide.errors import TriageModelError
from egide.i18n import Msg

PART_ID = "triage.e5-logreg.v1"
_URL = re.compile(r"https?://\S+|www\.\S+")
MIN_PER_CLASS = 2
REGULARISATION = 10.0


def prepare(text: str) -> str:
    """What the model reads: links carry no meaning and cost tokens."""
    return " ".join(_URL.sub(" ", text).split())


@dataclass
class TriageModel:
    name: str
    version: int
    classes: list[str]
    weights: npt.NDArray[np.float32]  # classes × dim
    bias: npt.NDArray[np.float32]  # classes
    space: str
    metrics: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        logits = vectors @ self.weights.T + self.bias
        if len(self.classes) == 2 and self.weights.shape[0] == 1:
            p = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.stack([1 - p, p], axis=1).astype(np.float32)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: npt.NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def packed(self) -> bytes:
        return np.hstack([self.weights, self.bias[:, None]]).astype("<f4").tobytes()

    @staticmethod
    def unpack(blob: bytes, dim: int) -> tuple[Any, Any]:
        matrix = np.frombuffer(blob, dtype="<f4").reshape(-1, dim + 1)
        return matrix[:, :dim].copy(), matrix[:, dim].copy()


def _classifier() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - declared dependency
        from egide.errors import DependencyError

        raise DependencyError("scikit-learn", install="pip install scikit-learn") from exc
    return LogisticRegression(C=REGULARISATION, max_iter=3000)


def embed(embedder: Embedder, texts: list[str], batch: int = 256) -> npt.NDArray[np.float32]:
    parts = [
        embedder.passages([prepare(t) for t in texts[i : i + batch]])
        for i in range(0, len(texts), batch)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)


def cross_validate(
    vectors: npt.NDArray[np.float32], labels: list[str], folds: int, seed: int = 0
) -> dict[str, Any]:
    """Stratified k-fold macro-F1 (and per class) of the model on ``vectors``."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels)
    smallest = min(np.unique(y, return_counts=True)[1])
    k = max(2, min(folds, int(smallest)))
    predicted = np.empty_like(y)
    for train, test in StratifiedKFold(k, shuffle=True, random_state=seed).split(vectors, y):
        clf = _classifier().fit(vectors[train], y[train])
        predicted[test] = clf.predict(vectors[test])
    classes = sorted(set(labels))
    per_class = f1_score(y, predicted, labels=classes, average=None, zero_division=0)
    return {
        "folds": k,
        "macro_f1": round(float(f1_score(y, predicted, average="macro", zero_division=0)), 4),
        "per_class_f1": {c: round(float(f), 4) for c, f in zip(classes, per_class, strict=True)},
    }


def fit(
    name: str,
    vectors: npt.NDArray[np.float32],
    labels: list[str],
    space: str,
    folds: int = 5,
) -> TriageModel:
    """Fit on every example; ``folds`` > 0 first measures macro-F1 by cross-validation."""
    counts = {c: labels.count(c) for c in set(labels)}
    rare = sorted(c for c, n in counts.items() if n < MIN_PER_CLASS)
    if len(counts) - len(rare) < 2:
        raise TriageModelError(
            Msg("il faut au moins deux classes d'au moins deux exemples")
        )
    keep = [i for i, c in enumerate(labels) if c not in rare]
    x, y = vectors[keep], [labels[i] for i in keep]
    metrics = cross_validate(x, y, folds) if folds else {}
    clf = _classifier().fit(x, np.asarray(y))
    metrics |= {
        "examples": len(y),
        "class_count": len(set(y)),
        "dropped_rare_classes": rare,
        "counts": {c: counts[c] for c in sorted(set(y))},
    }
    return TriageModel(
        name,
        0,
        [str(c) for c in clf.classes_],
        clf.coef_.astype(np.float32),
        clf.intercept_.astype(np.float32),
        space,
        metrics,
    )
