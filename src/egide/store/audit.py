"""Append-only, hash-chained audit table. Written inside the transaction of the act it
records: if the record cannot be written, the act is rolled back with it (fail closed).
Content is referenced by hash, never copied."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from egide.errors import AuditError
from egide.security import merkle
from egide.security.labels import PUBLIC, Label
from egide.store.labels import label_id

GENESIS = "0" * 64
_COLUMNS = ("ts", "actor", "action", "label")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry_hash(prev_hash: str, record: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{record}".encode()).hexdigest()


def append(
    conn: sqlite3.Connection,
    actor: str,
    action: str,
    data: dict[str, Any],
    label: Label = PUBLIC,
    *,
    terminal: str = "",
    decision: str = "allow",
) -> int:
    """Append one record; must run inside the caller's transaction. Returns its seq.

    A record says who, what, when, from which terminal, at which label, with which
    decision; content appears only as hashes."""
    try:
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq = 1 if last is None else int(last["seq"]) + 1
        prev = GENESIS if last is None else str(last["hash"])
        ts = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        record = canonical_json(
            {
                "seq": seq,
                "ts": ts,
                "actor": actor,
                "action": action,
                "terminal": terminal,
                "decision": decision,
                "label": label.canonical(),
                "data": data,
            }
        )
        conn.execute(
            "INSERT INTO audit (seq, ts, actor, action, label_id, record, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                ts,
                actor,
                action,
                label_id(conn, label),
                record,
                prev,
                _entry_hash(prev, record),
            ),
        )
    except sqlite3.Error as exc:
        raise AuditError(str(exc)) from exc
    return seq


@dataclass
class Scan:
    """One pass over the log: the chain check, the Merkle leaves, recorded checkpoints."""

    ok: bool
    records: int
    leaves: list[bytes] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    first_bad: int | None = None
    reason: str = ""


def scan(conn: sqlite3.Connection) -> Scan:
    """Recompute every link of the chain; stop at the first record that does not verify."""
    prev = GENESIS
    out = Scan(True, 0)
    cur = conn.execute(
        "SELECT a.seq, a.ts, a.actor, a.action, l.canonical AS label, a.record, a.prev_hash,"
        " a.hash FROM audit a LEFT JOIN labels l ON l.id = a.label_id ORDER BY a.seq"
    )
    for row in cur:
        seq = int(row["seq"])
        record = str(row["record"])
        reason = ""
        if seq != out.records + 1:
            reason = "sequence gap"
        elif row["prev_hash"] != prev:
            reason = "broken link"
        elif _entry_hash(prev, record) != row["hash"]:
            reason = "hash mismatch"
        else:
            try:
                parsed = json.loads(record)
            except json.JSONDecodeError:
                parsed = {}
            if parsed.get("seq") != seq:
                reason = "seq mismatch"
            elif any(parsed.get(k) != row[k] for k in _COLUMNS):
                # The columns that queries filter on must say what the hashed record says.
                reason = "columns differ from the record"
        if reason:
            out.ok, out.first_bad, out.reason = False, seq, reason
            return out
        if parsed.get("action") == "audit.checkpoint":
            out.checkpoints.append({"seq": seq, **parsed.get("data", {})})
        out.leaves.append(merkle.leaf_hash(record.encode("utf-8")))
        out.records += 1
        prev = row["hash"]
    return out
