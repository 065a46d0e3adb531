"""Learned triage models: train one on analysts' labelled examples, list them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from egide.errors import AccessDeniedError, ConfigError, TriageModelError
from egide.i18n import Msg
from egide.ingest.progress import Progress
from egide.security.access import may_read, readable
from egide.security.labels import parse_label
from egide.store import triage_models
from egide.store.db import transaction
from egide.store.labels import all_labels
from egide.stream import dataset, learn

if TYPE_CHECKING:
    from egide.app import App


def train(
    app: App,
    path: Path,
    text_field: str,
    label_field: str,
    name: str,
    label: str,
    folds: int,
    progress: Progress,
) -> dict[str, Any]:
    user = app.require_user()
    marking = parse_label(label)
    if not may_read(app.authority(user), marking):
        raise AccessDeniedError(
            Msg("votre habilitation ne couvre pas « {canonical} »", canonical=marking.canonical())
        )
    examples = dataset.read(path, text_field, label_field)
    if not examples.texts:
        raise TriageModelError(Msg("{name} : aucun exemple", name=path.name))
    embedder = app.embedder
    if embedder is None:
        raise ConfigError(  # not a failing model: none is configured
            Msg("embed.model = none : le modèle de tri lit des vecteurs")
        )
    t0 = time.perf_counter()
    progress.start("vectors", len(examples.texts))
    vectors = []
    try:
        for i in range(0, len(examples.texts), 256):
            vectors.append(learn.embed(embedder, examples.texts[i : i + 256]))
            progress.advance(len(vectors[-1]))
    finally:
        progress.stop()
    model = learn.fit(name, np.concatenate(vectors), examples.labels, embedder.space, folds)
    with transaction(app.db):
        version = triage_models.save(app.db, model, marking, user.name)
        app.record(
            user.name,
            "triage.train",
            {
                "name": name,
                "version": version,
                "examples": len(examples.texts),
                "macro_f1": model.metrics["macro_f1"],
            },
            label=marking,
        )
    return {
        "name": name,
        "version": version,
        "label": marking.canonical(),
        "classes": model.classes,
        "skipped_rows": examples.skipped,
        "seconds": round(time.perf_counter() - t0, 1),
        **model.metrics,
    }


def listing(app: App) -> list[dict[str, Any]]:
    user = app.require_user()
    authority = app.authority(user)
    rows = triage_models.listing(app.db, readable(authority, all_labels(app.db)))
    return app.release(user, authority, "triage.list", [((r["label"],), r) for r in rows])


def model_for(app: App, name: str) -> learn.TriageModel:
    """The triage model ``name`` if the requester may read it (refused and audited if not)."""
    found = triage_models.load(app.db, name)
    if found is None:
        raise TriageModelError(Msg("« {name} » inconnu", name=name))
    model, label = found
    user = app.require_user()
    if not may_read(app.authority(user), label):
        app.record(user.name, "access.denied", {"reason": f"triage model {name}"}, decision="deny")
        raise AccessDeniedError(
            Msg(
                "le modèle « {name} » est marqué {canonical}",
                name=name,
                canonical=label.canonical(),
            )
        )
    return model
