"""Connection, pragmas, transactions and the append-only numbered migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from egide.errors import StoreCorruptError, StoreMissingError, StoreVersionError
from egide.store import fts

DB_NAME = "egide.db"


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every shipped migration, in order."""
    found = []
    for entry in resources.files("egide.store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return _migrations()[-1][0]


def connect(path: Path) -> sqlite3.Connection:
    """Open a connection in autocommit mode; transactions are explicit (``transaction``)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees the same state of the store."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations not yet applied; return the schema version."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    current = int(row[0])
    known = latest_version()
    if current > known:
        raise StoreVersionError(found=current, known=known)
    for version, name, sql in _migrations():
        if version <= current:
            continue
        # executescript commits; wrap the script itself so a failure leaves nothing.
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + sql
                + f"\nINSERT INTO schema_migrations (version, name) VALUES ({version}, '{name}');"
                + "\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current = version
    return current


def open_db(home: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open (or create) the store database under ``home``."""
    path = home / DB_NAME
    if not path.exists() and not create:
        raise StoreMissingError(path=str(home))
    if create:
        home.mkdir(parents=True, exist_ok=True)
    try:
        conn = connect(path)
        migrate(conn)
        fts.ensure_partitions(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreCorruptError(str(exc)) from None
    return conn
