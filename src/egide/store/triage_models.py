"""Versioned triage models, labelled like their training data."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from egide.security.labels import Label
from egide.store.labels import label_by_id, label_id
from egide.stream.learn import PART_ID, TriageModel


def save(conn: sqlite3.Connection, model: TriageModel, label: Label, user: str) -> int:
    """Store ``model`` as the next version of its name (inside the caller's transaction)."""
    row = conn.execute(
        "SELECT COALESCE(MAX(version), 0) FROM triage_models WHERE name = ?", (model.name,)
    ).fetchone()
    version = int(row[0]) + 1
    blob = model.packed()
    conn.execute(
        "INSERT INTO triage_models (name, version, label_id, part, space, dim, classes,"
        " metrics, weights, sha256, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            model.name,
            version,
            label_id(conn, label),
            PART_ID,
            model.space,
            int(model.weights.shape[1]),
            json.dumps(model.classes, ensure_ascii=False),
            json.dumps(model.metrics, ensure_ascii=False, sort_keys=True),
            blob,
            hashlib.sha256(blob).hexdigest(),
            user,
            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        ),
    )
    model.version = version
    return version


def load(conn: sqlite3.Connection, name: str) -> tuple[TriageModel, Label] | None:
    """The latest version of ``name``, with its label; ``None`` if there is none."""
    row = conn.execute(
        "SELECT * FROM triage_models WHERE name = ? ORDER BY version DESC LIMIT 1", (name,)
    ).fetchone()
    if row is None:
        return None
    blob = bytes(row["weights"])
    if hashlib.sha256(blob).hexdigest() != row["sha256"]:
        raise ValueError(f"{name} v{row['version']}: weights changed")
    weights, bias = TriageModel.unpack(blob, int(row["dim"]))
    model = TriageModel(
        name,
        int(row["version"]),
        json.loads(row["classes"]),
        weights,
        bias,
        row["space"],
        json.loads(row["metrics"]),
    )
    return model, label_by_id(conn, int(row["label_id"]))


def listing(conn: sqlite3.Connection, allowed: Sequence[int]) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(allowed)) or "NULL"
    rows = conn.execute(
        f"SELECT name, version, label_id, classes, metrics, created_by, created_at"
        f" FROM triage_models WHERE label_id IN ({marks}) ORDER BY name, version",
        tuple(allowed),
    ).fetchall()
    return [
        {
            "name": r["name"],
            "version": r["version"],
            "label": label_by_id(conn, int(r["label_id"])).canonical(),
            "classes": json.loads(r["classes"]),
            "macro_f1_cv": json.loads(r["metrics"]).get("macro_f1"),
            "created_by": r["created_by"],
            "created_at": r["created_at"],
        }
        for r in rows
    ]
