"""Storage attacks on the audit log, each detected by ``verify``."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from egide.app import App
from egide.ops import audit as ops
from egide.security import auditlog, signing
from egide.security.labels import Label, Level
from egide.security.principals import make_user
from egide.store import audit, users
from egide.store.db import transaction
from egide.store.labels import label_id


@pytest.fixture
def log(store: App) -> App:
    with transaction(store.db):
        users.add(store.db, make_user("so", "S", "FRA", roles=["security_officer"]), store.seal)
    for i in range(12):
        store.record("dr", "search", {"query_sha256": audit.sha256_text(f"q{i}")})
    return store


def verify(app: App, external: list[dict[str, Any]] | None = None) -> auditlog.Verification:
    return auditlog.verify(app.db, app.public_key(), app.meta("store_id") or "", external)


def checkpoint(app: App) -> dict[str, Any]:
    with transaction(app.db):
        cp = auditlog.make_checkpoint(app.db, app.signer(), app.meta("store_id") or "")
        app.record(
            "so",
            "audit.checkpoint",
            {k: cp[k] for k in ("size", "root", "time", "key_id", "signature")},
        )
    return cp


def unlock(app: App) -> sqlite3.Connection:
    conn = app.db
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return conn


def rechain(conn: sqlite3.Connection) -> None:
    """What an attacker does after an edit: recompute every hash of the chain."""
    prev = audit.GENESIS
    for row in conn.execute("SELECT seq, record FROM audit ORDER BY seq").fetchall():
        new = audit._entry_hash(prev, row["record"])
        conn.execute(
            "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
            (prev, "x" + str(row["seq"]), row["seq"]),
        )
        conn.execute("UPDATE audit SET hash = ? WHERE seq = ?", (new, row["seq"]))
        prev = new


def test_intact_log_verifies(log: App) -> None:
    cp = checkpoint(log)
    result = verify(log, [cp])
    assert result.ok and result.records == 14 and result.checkpoints == 2


def test_a_byte_edited(log: App) -> None:
    conn = unlock(log)
    record = conn.execute("SELECT record FROM audit WHERE seq = 5").fetchone()[0]
    conn.execute("UPDATE audit SET record = ? WHERE seq = 5", (record.replace('"dr"', '"ds"'),))
    result = verify(log)
    assert not result.ok and result.first_bad == 5


@pytest.mark.parametrize(
    ("column", "value"),
    [("ts", "1999-01-01T00:00:00.000000Z"), ("actor", "ds"), ("action", "login"), ("label", None)],
)
def test_a_filter_column_edited_alone(log: App, column: str, value: object) -> None:
    """The columns ``audit show`` filters on must say what the hashed record says."""
    conn = unlock(log)
    if column == "label":
        # the label column holds the label's id: point it at another label
        other = label_id(conn, Label(Level.TS))
        conn.execute("UPDATE audit SET label_id = ? WHERE seq = 4", (other,))
    else:
        conn.execute(f"UPDATE audit SET {column} = ? WHERE seq = 4", (value,))
    result = verify(log)
    assert not result.ok and result.first_bad == 4
    assert "columns differ" in result.problems[0].render("en")


def test_a_middle_record_deleted(log: App) -> None:
    unlock(log).execute("DELETE FROM audit WHERE seq = 7")
    result = verify(log)
    assert not result.ok and result.first_bad == 8


def test_two_records_swapped(log: App) -> None:
    conn = unlock(log)
    a, b = (
        conn.execute("SELECT record, prev_hash, hash FROM audit WHERE seq = ?", (s,)).fetchone()
        for s in (4, 5)
    )
    conn.execute("UPDATE audit SET hash = 'tmp' WHERE seq = 5")
    conn.execute("UPDATE audit SET record = ?, prev_hash = ?, hash = ? WHERE seq = 4", tuple(b))
    conn.execute("UPDATE audit SET record = ?, prev_hash = ?, hash = ? WHERE seq = 5", tuple(a))
    result = verify(log)
    assert not result.ok and result.first_bad == 4


def test_tail_truncated(log: App) -> None:
    cp = checkpoint(log)
    unlock(log).execute("DELETE FROM audit WHERE seq > 10")
    assert verify(log).ok, "a clean cut leaves a valid chain: only a checkpoint can tell"
    result = verify(log, [cp])
    assert not result.ok and any("shorter" in p.render("en") for p in result.problems)


def test_rollback_to_an_older_state(log: App, tmp_path: Path) -> None:
    db = log.home / "egide.db"
    log.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, tmp_path / "old.db")
    for i in range(5):
        log.record("dr", "search", {"query_sha256": audit.sha256_text(f"later{i}")})
    cp = checkpoint(log)
    log.close()
    shutil.copy(tmp_path / "old.db", db)
    for suffix in ("-wal", "-shm"):
        (log.home / f"egide.db{suffix}").unlink(missing_ok=True)
    assert verify(log).ok
    result = verify(log, [cp])
    assert not result.ok and any("rollback" in p.render("en") for p in result.problems)


def test_history_rewritten_without_the_key(log: App) -> None:
    cp = checkpoint(log)
    conn = unlock(log)
    record = json.loads(conn.execute("SELECT record FROM audit WHERE seq = 3").fetchone()[0])
    record["actor"] = "mallory"
    conn.execute(
        "UPDATE audit SET record = ?, actor = ? WHERE seq = 3",
        (audit.canonical_json(record), "mallory"),
    )
    rechain(conn)
    result = verify(log, [cp])
    assert not result.ok
    problems = [p.render("en") for p in result.problems]
    assert any("differs from checkpoint" in p for p in problems), problems


def test_two_checkpoints_for_the_same_size(log: App) -> None:
    """An insider holding the key forks the log: two signed heads for one size."""
    first = auditlog.make_checkpoint(log.db, log.signer(), log.meta("store_id") or "")
    conn = unlock(log)
    record = json.loads(conn.execute("SELECT record FROM audit WHERE seq = 2").fetchone()[0])
    record["data"] = {"forged": True}
    conn.execute("UPDATE audit SET record = ? WHERE seq = 2", (audit.canonical_json(record),))
    rechain(conn)
    second = auditlog.make_checkpoint(log.db, log.signer(), log.meta("store_id") or "")
    assert first["size"] == second["size"] and first["root"] != second["root"]
    result = verify(log, [first, second])
    assert not result.ok and any("fork" in p.render("en") for p in result.problems)


def test_checkpoint_signed_by_another_key(log: App, tmp_path: Path) -> None:
    other = signing.create_key(tmp_path / "other.pem")
    forged = auditlog.make_checkpoint(log.db, other, log.meta("store_id") or "")
    result = verify(log, [forged])
    assert not result.ok and any("foreign key" in p.render("en") for p in result.problems)
    tampered = checkpoint(log)
    tampered["size"] -= 1
    assert not verify(log, [tampered]).ok


def test_signing_key_is_private(store: App) -> None:
    assert (store.key_path.stat().st_mode & 0o777) == 0o600
    store.key_path.chmod(0o644)
    with pytest.raises(Exception) as info:
        store.signer()
    assert getattr(info.value, "code", "") == "E-KEY"


def test_kill_9_during_appends_leaves_a_log_that_verifies(log: App, settings: Any) -> None:
    script = (
        "import sys\n"
        "from egide.app import App\n"
        "from egide.settings import load_settings\n"
        "from pathlib import Path\n"
        "app = App(load_settings(home=Path(sys.argv[1])))\n"
        "print('ready', flush=True)\n"
        "i = 0\n"
        "while True:\n"
        "    app.record('dr', 'search', {'i': i})\n"
        "    i += 1\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(log.home)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    before = log.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    deadline = time.time() + 30
    while log.db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] < before + 200:
        assert time.time() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result = verify(log)
    assert result.ok and result.records > before + 200


@pytest.mark.parametrize("name", ["proof", "consistency"])
def test_proofs_from_the_store_verify(log: App, name: str) -> None:
    fn: Callable[..., dict[str, Any]] = getattr(
        auditlog, "inclusion" if name == "proof" else "consistency"
    )
    for arg in (1, 5, 12):
        assert fn(log.db, arg)["verified"]


def test_audit_show_neither_shows_nor_counts_records_above_the_officer(
    store: App, as_user: Callable[[str], App]
) -> None:
    """A DR security officer sees the DR records, and nothing tells them of the Secret ones
    (no count, no gap marker); an S officer sees both."""
    with transaction(store.db):
        for name, clearance in (("so.dr", "DR"), ("so.s", "S")):
            users.add(
                store.db,
                make_user(name, clearance, "FRA", roles=["security_officer"]),
                store.seal,
            )
    dr, secret = Label(Level.DR), Label(Level.S)
    for i in range(3):
        store.record("dr", "search", {"n": i}, dr)
        store.record("s", "search", {"n": i}, secret)
    low = ops.records(as_user("so.dr"), None, 1000)
    high = ops.records(as_user("so.s"), None, 1000)
    assert {r["label"] for r in low} <= {"NON PROTÉGÉ", "DIFFUSION RESTREINTE"}
    assert sum(r["action"] == "search" for r in low) == 3
    assert sum(r["action"] == "search" for r in high) == 6
    assert all(set(r) == set(high[0]) for r in low), "no field tells of a withheld record"
