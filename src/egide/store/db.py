"""Connection, pragmas, transactions and the append-only numbered migrations.

A store is one SQLite file. With a key it is a SQLCipher database (encrypted at rest:
AES-256 pages, HMAC per page); without, plain SQLite (development stores). Either way the
folder is created 0700 and the files 0600.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import cast

from egide.errors import (
    StoreCorruptError,
    StoreKeyError,
    StoreMissingError,
    StoreVersionError,
)
from egide.store import fts

DB_NAME = "egide.db"
KEY_BYTES = 32
_PLAIN_MAGIC = b"SQLite format 3\x00"


def db_errors() -> tuple[type[Exception], ...]:
    """The exception classes of both drivers (plain SQLite and SQLCipher)."""
    import sqlcipher3

    return (sqlite3.Error, sqlcipher3.Error)


def is_encrypted(path: Path) -> bool:
    """True when the store file exists and is not a plain SQLite file.

    Only for a store nobody has open in this process: closing any descriptor of a
    database file drops the process's locks on it (POSIX), after which another process
    may take the file for unused and remove its journal. Running code asks the settings
    (a store opened with a key is encrypted)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_PLAIN_MAGIC))
    except FileNotFoundError:
        return False
    return len(head) > 0 and head != _PLAIN_MAGIC


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


def connect(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """Open a connection in autocommit mode; transactions are explicit (``transaction``).

    With ``key`` (32 raw bytes) the file is opened with SQLCipher; a wrong key is
    ``StoreKeyError``. Both drivers share the DB-API, so callers see one interface."""
    if key is None:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
    else:
        conn = _cipher_connect(path, key)
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
        except db_errors():
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current = version
    return current


def _cipher_connect(path: Path, key: bytes) -> sqlite3.Connection:
    import sqlcipher3

    if len(key) != KEY_BYTES:
        raise StoreKeyError(f"{len(key)} octets / bytes ≠ {KEY_BYTES}")
    raw = sqlcipher3.connect(
        str(path), isolation_level=None, timeout=30.0, check_same_thread=False
    )
    raw.row_factory = sqlcipher3.Row
    # A raw 256-bit key (x'…'): no passphrase derivation, the key file is the secret.
    raw.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        raw.close()
        raise StoreKeyError(f"{path}") from None
    return cast(sqlite3.Connection, raw)


def _create_private(home: Path) -> None:
    """The store folder 0700 and an empty database file 0600, created so (SQLite gives
    its -wal and -shm files the database file's mode)."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(home, 0o700)
    path = home / DB_NAME
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def open_db(home: Path, *, create: bool = False, key: bytes | None = None) -> sqlite3.Connection:
    """Open (or create) the store database under ``home``; encrypted when ``key`` is given."""
    path = home / DB_NAME
    if not path.exists() and not create:
        raise StoreMissingError(path=str(home))
    if create and not path.exists():
        _create_private(home)
    try:
        conn = connect(path, key)
        migrate(conn)
        fts.ensure_partitions(conn)
    except db_errors() as exc:
        if key is None and "not a database" in str(exc):
            # An encrypted store read without its key looks like noise to SQLite.
            raise StoreKeyError(f"{path}") from None
        raise StoreCorruptError(str(exc)) from None
    return conn
