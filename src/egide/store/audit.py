"""Append-only, hash-chained audit table. Written inside the transaction of the act it
records: if the record cannot be written, the act is rolled back with it (fail closed).
Content is referenced by hash, never copied."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from egide.errors import AuditError
from egide.security.labels import PUBLIC, Label
from egide.store.labels import label_id

GENESIS = "0" * 64


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
) -> int:
    """Append one record; must run inside the caller's transaction. Returns its seq."""
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


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    records: int
    first_bad: int | None = None
    reason: str = ""


def verify_chain(conn: sqlite3.Connection) -> ChainCheck:
    """Recompute every link; report the first record that does not verify."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in conn.execute("SELECT seq, record, prev_hash, hash FROM audit ORDER BY seq"):
        seq = int(row["seq"])
        count += 1
        if seq != expected_seq:
            return ChainCheck(False, count, seq, "sequence gap")
        if row["prev_hash"] != prev:
            return ChainCheck(False, count, seq, "broken link")
        if json.loads(row["record"]).get("seq") != seq:
            return ChainCheck(False, count, seq, "seq mismatch")
        if _entry_hash(prev, row["record"]) != row["hash"]:
            return ChainCheck(False, count, seq, "hash mismatch")
        prev = row["hash"]
        expected_seq += 1
    return ChainCheck(True, count)
