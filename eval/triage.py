"""Stream triage against real labelled data, each beside a TF-IDF + logistic regression
baseline computed in the same run on the same splits:

* CrisisLexT26 (20 events): leave-events-out — the events are cut into four groups; each
  group is scored by a model trained on the other three. Informativeness (informative vs
  the rest) and information type (the six types; tweets "Not labeled"/"Not applicable" are
  left out of that task).
* CASE 2021 (30 event types): Égide's ``triage train`` path (its cross-validated macro-F1)
  and the baseline on the same stratified folds.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import numpy as np

from egide.app import App
from egide.stream import learn

GROUPS = 4
TYPES = (
    "Affected individuals",
    "Caution and advice",
    "Donations and volunteering",
    "Infrastructure and utilities",
    "Other Useful Information",
    "Sympathy and support",
)


def crisislex(root: Path) -> list[tuple[str, str, str, str]]:
    """(event, text, information type, informativeness) for every tweet."""
    rows = []
    for path in sorted((root / "crisislex").glob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                rows.append(
                    (path.stem, row["Tweet Text"], row["Information Type"], row["Informativeness"])
                )
    return rows


def _baseline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2),
        # the same regularisation as Égide's model: C=1 starves the baseline on small sets
        LogisticRegression(max_iter=3000, C=learn.REGULARISATION),
    )


def _macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    return round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 4)


def evaluate_crisislex(app: App, root: Path) -> dict[str, Any]:
    rows = crisislex(root)
    embedder = app.embedder
    assert embedder is not None
    t0 = time.perf_counter()
    vectors = learn.embed(embedder, [r[1] for r in rows])
    embed_s = time.perf_counter() - t0
    events = sorted({r[0] for r in rows})
    groups = [events[i::GROUPS] for i in range(GROUPS)]
    tasks: dict[str, tuple[list[str], set[str] | None]] = {
        "informativeness": ([str(r[3] == "Related and informative") for r in rows], None),
        "information_type": ([r[2] for r in rows], set(TYPES)),
    }
    out: dict[str, Any] = {
        "tweets": len(rows),
        "events": len(events),
        "groups": [list(g) for g in groups],
        "embed_tweets_per_s": round(len(rows) / embed_s, 1),
    }
    for task, (labels, keep_only) in tasks.items():
        gold, ours, base = [], [], []
        for held_out in groups:
            train = [
                i
                for i, r in enumerate(rows)
                if r[0] not in held_out and (keep_only is None or labels[i] in keep_only)
            ]
            test = [
                i
                for i, r in enumerate(rows)
                if r[0] in held_out and (keep_only is None or labels[i] in keep_only)
            ]
            model = learn.fit(
                task, vectors[train], [labels[i] for i in train], embedder.space, folds=0
            )
            probs = model.probabilities(vectors[test])
            ours += [model.classes[j] for j in probs.argmax(axis=1)]
            baseline = _baseline().fit([rows[i][1] for i in train], [labels[i] for i in train])
            base += list(baseline.predict([rows[i][1] for i in test]))
            gold += [labels[i] for i in test]
        egide, reference = _macro_f1(gold, ours), _macro_f1(gold, base)
        out[task] = {
            "tweets": len(gold),
            "egide_macro_f1": egide,
            "baseline_macro_f1": reference,
            "points_above_baseline": round(100 * (egide - reference), 1),
        }
    return out


def evaluate_case(app: App, root: Path) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    from egide.stream import dataset

    examples = dataset.read(root / "case2021" / "dev.tsv", "EventSnippet", "SubType")
    embedder = app.embedder
    assert embedder is not None
    vectors = learn.embed(embedder, examples.texts)
    model = learn.fit("case2021", vectors, examples.labels, embedder.space, folds=5)
    kept = [
        i for i, c in enumerate(examples.labels) if c not in model.metrics["dropped_rare_classes"]
    ]
    texts = [examples.texts[i] for i in kept]
    labels = np.asarray([examples.labels[i] for i in kept])
    folds = model.metrics["folds"]
    predicted = np.empty_like(labels)
    # the same splits as ``learn.cross_validate`` (same k, same seed)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        baseline = _baseline().fit([texts[i] for i in train], labels[train])
        predicted[test] = baseline.predict([texts[i] for i in test])
    reference = _macro_f1(list(labels), list(predicted))
    return {
        "snippets": len(examples.texts),
        "types": model.metrics["class_count"],
        "folds": folds,
        "dropped_rare_classes": model.metrics["dropped_rare_classes"],
        "egide_macro_f1": model.metrics["macro_f1"],
        "baseline_macro_f1": reference,
        "points_above_baseline": round(100 * (model.metrics["macro_f1"] - reference), 1),
    }
