from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from egide.errors import StoreMissingError, StoreVersionError
from egide.security.labels import Label, Level
from egide.store import fts
from egide.store.db import (
    _migrations,
    connect,
    latest_version,
    migrate,
    open_db,
    transaction,
)
from egide.store.labels import label_id


def test_open_requires_init(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError) as info:
        open_db(tmp_path / "nothing")
    assert "egide init" in info.value.render("fr")


def test_create_uses_wal_and_applies_every_migration(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [version for version, _, _ in _migrations()]
    assert versions == sorted(set(versions)) and versions[-1] == latest_version()
    assert migrate(conn) == latest_version()  # idempotent


def test_every_content_table_has_a_label_column(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    for table in (
        "documents",
        "chunks",
        "entities",
        "mentions",
        "vectors",
        "audit",
        "users",
        "decision_files",
    ):
        cols = {r[1]: r for r in conn.execute(f"PRAGMA table_info({table})")}
        assert "label_id" in cols, table
        assert cols["label_id"][3] == 1, f"{table}.label_id must be NOT NULL"


def test_newer_store_is_refused(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with pytest.raises(StoreVersionError):
        migrate(conn)


def test_transaction_rolls_back_everything(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'a'").fetchone()[0] == 0


def _count(conn: sqlite3.Connection, label_id: int, term: str = "canari") -> int:
    t = fts.table(label_id)
    return int(conn.execute(f"SELECT COUNT(*) FROM {t} WHERE {t} MATCH ?", (term,)).fetchone()[0])


def _chunk(conn: sqlite3.Connection, label_id: int, terms: str = "canari") -> int:
    doc = conn.execute(
        "INSERT INTO documents (uid, content_hash, label_id, path, language, ingested_at,"
        " ingested_by, text, parts) VALUES (?, ?, ?, 'p', 'fr', 't', 'u', 'x', '{}')",
        (f"d{terms}{label_id}", f"h{terms}{label_id}", label_id),
    ).lastrowid
    return int(
        conn.execute(
            "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text, terms,"
            " chunker) VALUES (?, ?, 0, 0, 1, 'x', ?, 'c')",
            (doc, label_id, terms),
        ).lastrowid
        or 0
    )


def test_fts_partitions_follow_the_chunk_label(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    with transaction(conn):
        s_sf = label_id(conn, Label(Level.S, releasability=frozenset({"FRA"})))
        s_otan = label_id(conn, Label(Level.S, frozenset({"OTAN"})))
        cid = _chunk(conn, s_sf)
    assert {s_sf, s_otan} <= fts.partitions(conn)
    assert (_count(conn, s_sf), _count(conn, s_otan)) == (1, 0)
    with transaction(conn):  # a move between labels of the same level
        conn.execute("UPDATE chunks SET label_id = ? WHERE id = ?", (s_otan, cid))
    assert (_count(conn, s_sf), _count(conn, s_otan)) == (0, 1)
    with transaction(conn):  # retracted: out of every partition, the row stays
        conn.execute("UPDATE chunks SET retracted = 1 WHERE id = ?", (cid,))
    assert (_count(conn, s_sf), _count(conn, s_otan)) == (0, 0)
    with transaction(conn):
        conn.execute("UPDATE chunks SET retracted = 0, terms = 'autre' WHERE id = ?", (cid,))
    assert (_count(conn, s_otan), _count(conn, s_otan, "autre")) == (0, 1)
    with transaction(conn):
        conn.execute("DELETE FROM documents")
    assert _count(conn, s_otan, "autre") == 0
    assert fts.integrity_ok(conn)


def test_connect_sets_foreign_keys(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert isinstance(conn, sqlite3.Connection)
