from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from egide.errors import StoreMissingError, StoreVersionError
from egide.store.db import (
    _migrations,
    connect,
    latest_version,
    migrate,
    open_db,
    transaction,
)


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


def test_fts_partitions_follow_the_chunk_level(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    with transaction(conn):
        conn.execute(
            "INSERT INTO documents (id, uid, content_hash, label_id, path, language, ingested_at,"
            " ingested_by, text, parts) VALUES (1, 'd', 'h', 3, 'p', 'fr', 't', 'u', 'x', '{}')"
        )
        conn.execute(
            "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text, terms,"
            " chunker) VALUES (1, 3, 0, 0, 1, 'x', 'canari', 'c')"
        )
    level_of = {
        n: conn.execute(f"SELECT COUNT(*) FROM fts_{n} WHERE fts_{n} MATCH 'canari'").fetchone()[0]
        for n in range(4)
    }
    assert level_of == {0: 0, 1: 0, 2: 1, 3: 0}
    with transaction(conn):
        conn.execute("DELETE FROM documents WHERE id = 1")
    assert conn.execute("SELECT COUNT(*) FROM fts_2 WHERE fts_2 MATCH 'canari'").fetchone()[0] == 0
    conn.execute("INSERT INTO fts_2 (fts_2) VALUES ('integrity-check')")


def test_connect_sets_foreign_keys(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert isinstance(conn, sqlite3.Connection)
