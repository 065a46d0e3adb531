"""Signed tree heads in a witness outside the store: an attacker who can write the store
(but not read the signing key) cannot edit, delete, reorder or truncate records older
than the last head without ``audit verify`` noticing — no manual checkpoint needed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.ops import audit as ops
from egide.security.principals import make_user
from egide.service.heads import HeadSigner
from egide.store import users
from egide.store.db import DB_NAME, transaction

Attack = Callable[[sqlite3.Connection], None]


def _drop_guards(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")


def _edit(conn: sqlite3.Connection) -> None:
    _drop_guards(conn)
    row = conn.execute("SELECT record FROM audit WHERE seq = 3").fetchone()
    conn.execute(
        "UPDATE audit SET record = ? WHERE seq = 3", (row[0].replace('"allow"', '"deny"'),)
    )


def _rewrite_chain(conn: sqlite3.Connection) -> None:
    """Delete record 3 and rebuild every later hash, as a careful attacker would."""
    import hashlib

    _drop_guards(conn)
    conn.execute("DELETE FROM audit WHERE seq = 3")
    rows = conn.execute("SELECT seq, record FROM audit WHERE seq > 3 ORDER BY seq").fetchall()
    prev = conn.execute("SELECT hash FROM audit WHERE seq = 2").fetchone()[0]
    for seq, record in rows:
        new_seq = seq - 1
        record = record.replace(f'"seq":{seq}', f'"seq":{new_seq}')
        digest = hashlib.sha256(f"{prev}\n{record}".encode()).hexdigest()
        conn.execute(
            "UPDATE audit SET seq = ?, record = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (new_seq, record, prev, digest, seq),
        )
        prev = digest


def _truncate(conn: sqlite3.Connection) -> None:
    _drop_guards(conn)
    conn.execute("DELETE FROM audit WHERE seq > 4")


def _reorder(conn: sqlite3.Connection) -> None:
    _drop_guards(conn)
    a = conn.execute("SELECT ts, actor, action, record FROM audit WHERE seq = 2").fetchone()
    b = conn.execute("SELECT ts, actor, action, record FROM audit WHERE seq = 3").fetchone()
    conn.execute("UPDATE audit SET ts=?, actor=?, action=?, record=? WHERE seq = 2", b)
    conn.execute("UPDATE audit SET ts=?, actor=?, action=?, record=? WHERE seq = 3", a)


def _relabel_column(conn: sqlite3.Connection) -> None:
    """The columns ``audit show --since`` reads, changed without touching the record."""
    _drop_guards(conn)
    conn.execute("UPDATE audit SET actor = 'personne', ts = '1999-01-01' WHERE seq = 3")


@pytest.mark.parametrize(
    "attack", [_edit, _rewrite_chain, _truncate, _reorder, _relabel_column]
)
def test_witness_catches_tampering_before_the_last_head(
    store: App, as_user: Callable[[str], App], tmp_path: Path, attack: Attack
) -> None:
    with transaction(store.db):
        users.add(store.db, make_user("so", "S", "FRA", roles=["security_officer"]), store.seal)
    witness = tmp_path / "witness" / "heads.jsonl"
    store.settings = store.settings.model_copy(
        update={"audit": store.settings.audit.model_copy(update={"witness": witness})}
    )
    for n in range(8):
        store.record("dr", "search", {"n": n})
    HeadSigner(store).sign_if_due(force=True)
    officer = as_user("so")
    officer.settings = officer.settings.model_copy(
        update={"audit": officer.settings.audit.model_copy(update={"witness": witness})}
    )
    assert ops.verify(officer)["ok"] is True
    with sqlite3.connect(store.home / DB_NAME) as conn:
        attack(conn)
    report = ops.verify(officer)
    assert report["ok"] is False and report["problems"], report
