"""The learned triage model's own logic on synthetic vectors: it learns what is
learnable, reports cross-validated macro-F1, and round-trips through the store."""

from __future__ import annotations

import numpy as np
import pytest

from egide.app import App
from egide.errors import TriageModelError
from egide.security.labels import parse_label
from egide.store import triage_models
from egide.store.db import transaction
from egide.stream import learn


def clusters(
    n: int, classes: list[str], noise: float, seed: int = 1
) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((len(classes), 16))
    labels = [classes[i % len(classes)] for i in range(n)]
    x = np.stack([centres[classes.index(c)] + noise * rng.standard_normal(16) for c in labels])
    return x.astype(np.float32), labels


def test_separable_classes_are_learned_and_scored() -> None:
    x, y = clusters(120, ["a", "b", "c"], 0.3)
    model = learn.fit("m", x, y, "space")
    assert model.metrics["macro_f1"] > 0.95 and model.metrics["folds"] == 5
    probs = model.probabilities(x)
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-5)
    assert [model.classes[i] for i in probs.argmax(axis=1)] == y


def test_noise_is_not_learnable_and_says_so() -> None:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((200, 16)).astype(np.float32)
    y = [str(v) for v in rng.integers(0, 2, 200)]
    assert learn.fit("bruit", x, y, "space").metrics["macro_f1"] < 0.7


def test_binary_models_and_rare_classes() -> None:
    x, y = clusters(60, ["oui", "non"], 0.3)
    x = np.vstack([x, x[:1]])
    model = learn.fit("b", x, [*y, "unique"], "space")
    assert model.classes == ["non", "oui"] and model.metrics["dropped_rare_classes"] == ["unique"]
    assert model.probabilities(x[:4]).shape == (4, 2)
    with pytest.raises(TriageModelError):
        learn.fit("b", x[:3], ["x", "x", "y"], "space")


def test_links_are_not_read() -> None:
    assert learn.prepare("Crue https://t.co/abc  à   Canmore www.x.org") == "Crue à Canmore"


def test_store_round_trip_with_versions_and_labels(store: App) -> None:
    x, y = clusters(40, ["a", "b"], 0.2)
    model = learn.fit("tri", x, y, "space")
    with transaction(store.db):
        assert triage_models.save(store.db, model, parse_label("DR"), "admin") == 1
        assert triage_models.save(store.db, model, parse_label("DR"), "admin") == 2
    loaded, label = triage_models.load(store.db, "tri")  # type: ignore[misc]
    assert loaded.version == 2 and label == parse_label("DR") and loaded.classes == model.classes
    assert np.allclose(loaded.probabilities(x), model.probabilities(x))
    assert triage_models.load(store.db, "absent") is None
