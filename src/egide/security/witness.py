"""The witness: an append-only file, outside the store, of signed audit tree heads.

The service signs the head of the audit log every N records or T seconds and appends it
here (one JSON line each, synced to disk). Someone who can write the store but not read
the service's key cannot forge a head: ``audit verify`` compares the log with every head
of the witness, so an edit, deletion, reordering or truncation of records older than the
last head is detected without any manual checkpoint.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from egide.errors import CheckpointError
from egide.i18n import Msg
from egide.security import auditlog
from egide.security.signing import Signer
from egide.store.db import snapshot


def append(path: Path, head: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(head, sort_keys=True) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> list[dict[str, Any]]:
    """Every head in the witness (a missing file holds none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CheckpointError(Msg("{path} illisible", path=path)) from exc
    return [auditlog.parse_checkpoint(line) for line in lines if line.strip()]


def sign_head(conn: sqlite3.Connection, signer: Signer, store_id: str, path: Path) -> int:
    """Sign the current head and append it to the witness; returns its size."""
    with snapshot(conn):
        head = auditlog.make_checkpoint(conn, signer, store_id)
    append(path, head)
    return int(head["size"])


def size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
