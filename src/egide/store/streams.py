"""Stream checkpoints and alerts."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from egide.security.labels import PUBLIC, Label
from egide.store.labels import label_id


@dataclass(frozen=True)
class Checkpoint:
    position: dict[str, Any] | None
    out_bytes: int = 0
    dead_bytes: int = 0


def load(conn: sqlite3.Connection, consumer: str, source: str) -> Checkpoint | None:
    row = conn.execute(
        "SELECT position, out_bytes, dead_bytes FROM stream_checkpoints"
        " WHERE consumer = ? AND source = ?",
        (consumer, source),
    ).fetchone()
    if row is None:
        return None
    return Checkpoint(json.loads(row["position"]), int(row["out_bytes"]), int(row["dead_bytes"]))


def save(conn: sqlite3.Connection, consumer: str, source: str, point: Checkpoint) -> None:
    """Call inside the transaction that records what was read up to ``point``."""
    conn.execute(
        "INSERT INTO stream_checkpoints (consumer, source, position, out_bytes, dead_bytes,"
        " label_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position,"
        " out_bytes = excluded.out_bytes, dead_bytes = excluded.dead_bytes,"
        " updated_at = excluded.updated_at",
        (
            consumer,
            source,
            json.dumps(point.position, sort_keys=True),
            point.out_bytes,
            point.dead_bytes,
            label_id(conn, PUBLIC),
            _now(),
        ),
    )


def put_alert(
    conn: sqlite3.Connection,
    consumer: str,
    ident: str,
    label: Label,
    source: str,
    body: dict[str, Any],
) -> bool:
    """Record an alert once per watcher; ``False`` when it already was (a replay)."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO alerts (consumer, id, label_id, source, message_id, priority,"
        " body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            consumer,
            ident,
            label_id(conn, label),
            source,
            body["id"],
            body["priority"],
            json.dumps(body, ensure_ascii=False, sort_keys=True),
            _now(),
        ),
    )
    return cur.rowcount == 1


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
