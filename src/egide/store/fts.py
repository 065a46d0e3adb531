"""Full-text partitions: one FTS5 index per label (level, compartments, releasability).

BM25 statistics (document counts, average lengths, document frequencies) are those of one
partition, so a requester's scores depend only on the labels they may read: adding content
under any other label — even at the same level, under a compartment or a releasability
they lack — changes nothing they see (SECURITY.md §3). Triggers keep each partition in
sync with ``chunks``; a retracted chunk leaves its partition.
"""

from __future__ import annotations

import sqlite3

_PREFIX = "fts_l"
_TOKENIZE = "unicode61 remove_diacritics 2"


def table(label_id: int) -> str:
    """The FTS5 table of one label id (an integer, so safe to splice into SQL)."""
    return f"{_PREFIX}{int(label_id)}"


def create_partition(conn: sqlite3.Connection, label_id: int) -> None:
    """The partition of ``label_id``, its triggers, and the chunks already under that label
    (idempotent; call inside the writer's transaction)."""
    n = int(label_id)
    t = table(n)
    if _exists(conn, t):
        return
    live_new = f"new.label_id = {n} AND new.retracted = 0"
    live_old = f"old.label_id = {n} AND old.retracted = 0"
    statements = [
        f"CREATE VIRTUAL TABLE {t} USING fts5 (terms, content = 'chunks',"
        f" content_rowid = 'id', tokenize = '{_TOKENIZE}')",
        f"CREATE TRIGGER {t}_ai AFTER INSERT ON chunks WHEN {live_new} BEGIN"
        f" INSERT INTO {t} (rowid, terms) VALUES (new.id, new.terms); END",
        f"CREATE TRIGGER {t}_ad AFTER DELETE ON chunks WHEN {live_old} BEGIN"
        f" INSERT INTO {t} ({t}, rowid, terms) VALUES ('delete', old.id, old.terms); END",
        # one trigger for both halves of an update, so the old row leaves before the new
        # one enters
        f"CREATE TRIGGER {t}_au AFTER UPDATE OF terms, label_id, retracted ON chunks"
        f" WHEN ({live_old}) OR ({live_new}) BEGIN"
        f" INSERT INTO {t} ({t}, rowid, terms) SELECT 'delete', old.id, old.terms"
        f" WHERE {live_old};"
        f" INSERT INTO {t} (rowid, terms) SELECT new.id, new.terms WHERE {live_new}; END",
        f"INSERT INTO {t} (rowid, terms) SELECT id, terms FROM chunks"
        f" WHERE label_id = {n} AND retracted = 0",
    ]
    for sql in statements:
        conn.execute(sql)


def ensure_partitions(conn: sqlite3.Connection) -> int:
    """Create the partitions of labels that have none (a store from before partitioning by
    label, or a label written by an older version). Returns how many were created."""
    missing = [lid for lid in _label_ids(conn) if lid not in partitions(conn)]
    if not missing:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for lid in missing:
            create_partition(conn, lid)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return len(missing)


def partitions(conn: sqlite3.Connection) -> set[int]:
    """Label ids that have a partition."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'fts_l[0-9]*'"
    )
    return {int(r[0][len(_PREFIX) :]) for r in rows if r[0][len(_PREFIX) :].isdigit()}


def integrity_ok(conn: sqlite3.Connection) -> bool:
    """FTS5's own integrity check on every partition (the index agrees with ``chunks``)."""
    for lid in sorted(partitions(conn)):
        t = table(lid)
        try:
            conn.execute(f"INSERT INTO {t} ({t}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError:
            return False
    return True


def _label_ids(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM labels ORDER BY id")]


def _exists(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None
