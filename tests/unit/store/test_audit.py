from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from egide.errors import AuditError
from egide.security.labels import Label, Level
from egide.store import audit
from egide.store.db import open_db, transaction


def _log(tmp_path: Path, n: int = 5) -> sqlite3.Connection:
    conn = open_db(tmp_path / "s", create=True)
    for i in range(n):
        with transaction(conn):
            audit.append(conn, "ana", "search", {"i": i}, Label(Level.S))
    return conn


def test_chain_verifies(tmp_path: Path) -> None:
    conn = _log(tmp_path)
    check = audit.scan(conn)
    assert check.ok and check.records == 5


def test_records_are_append_only(tmp_path: Path) -> None:
    conn = _log(tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE audit SET actor = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM audit WHERE seq = 2")


def test_edit_behind_the_triggers_is_detected(tmp_path: Path) -> None:
    conn = _log(tmp_path)
    conn.execute("DROP TRIGGER audit_no_update")
    record = json.loads(conn.execute("SELECT record FROM audit WHERE seq = 3").fetchone()[0])
    record["actor"] = "mallory"
    conn.execute("UPDATE audit SET record = ? WHERE seq = 3", (audit.canonical_json(record),))
    check = audit.scan(conn)
    assert not check.ok and check.first_bad == 3


def test_deleted_middle_record_is_detected(tmp_path: Path) -> None:
    conn = _log(tmp_path)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = 2")
    check = audit.scan(conn)
    assert not check.ok and check.first_bad == 3


def test_records_hold_hashes_not_text(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    with transaction(conn):
        audit.append(conn, "ana", "search", {"query_sha256": audit.sha256_text("secret words")})
    record = conn.execute("SELECT record FROM audit").fetchone()[0]
    assert "secret words" not in record


def test_audit_failure_refuses_the_act(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "s", create=True)
    conn.execute("CREATE TRIGGER jam BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk'); END")
    with pytest.raises(AuditError), transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('act', 'done')")
        audit.append(conn, "ana", "act", {})
    assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'act'").fetchone()[0] == 0
