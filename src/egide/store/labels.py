"""Label rows: each distinct label is stored once and referenced by id."""

from __future__ import annotations

import json
import sqlite3

from egide.security.labels import Label, Level
from egide.store import fts


def label_id(conn: sqlite3.Connection, label: Label) -> int:
    """Id of ``label``, inserting it (with its full-text partition) when new; call inside
    the writer's transaction."""
    canonical = label.canonical()
    row = conn.execute("SELECT id FROM labels WHERE canonical = ?", (canonical,)).fetchone()
    if row:
        return int(row[0])
    rel = None if label.releasability is None else json.dumps(sorted(label.releasability))
    cur = conn.execute(
        "INSERT INTO labels (canonical, level, compartments, releasability) VALUES (?, ?, ?, ?)",
        (canonical, int(label.level), json.dumps(sorted(label.compartments)), rel),
    )
    ident = int(cur.lastrowid or 0)
    fts.create_partition(conn, ident)
    return ident


def row_to_label(row: sqlite3.Row) -> Label:
    rel = row["releasability"]
    return Label(
        Level(row["level"]),
        frozenset(json.loads(row["compartments"])),
        None if rel is None else frozenset(json.loads(rel)),
    )


def all_labels(conn: sqlite3.Connection) -> list[tuple[int, Label]]:
    rows = conn.execute("SELECT id, level, compartments, releasability FROM labels ORDER BY id")
    return [(int(r["id"]), row_to_label(r)) for r in rows]


def label_by_id(conn: sqlite3.Connection, ident: int) -> Label:
    row = conn.execute(
        "SELECT id, level, compartments, releasability FROM labels WHERE id = ?", (ident,)
    ).fetchone()
    if row is None:
        raise KeyError(ident)
    return row_to_label(row)
