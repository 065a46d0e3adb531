"""Store-level flags (``dev``, ``store_id``, the audit public key, the LLM kill switch),
each sealed with an HMAC: a flag flipped behind Égide's back is refused when read."""

from __future__ import annotations

import sqlite3

from egide.security.integrity import Seal

KIND = "meta"


def get(conn: sqlite3.Connection, key: str, seal: Seal) -> str | None:
    row = conn.execute("SELECT value, mac FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    value = str(row["value"])
    seal.check(KIND, key, {"key": key, "value": value}, row["mac"])
    return value


def put(conn: sqlite3.Connection, key: str, value: str, seal: Seal) -> None:
    """Set ``key`` (call inside the transaction that audits the change)."""
    conn.execute(
        "INSERT INTO meta (key, value, mac) VALUES (?, ?, ?) ON CONFLICT (key)"
        " DO UPDATE SET value = excluded.value, mac = excluded.mac",
        (key, value, seal.mac(KIND, {"key": key, "value": value})),
    )


def tampered(conn: sqlite3.Connection, seal: Seal) -> list[str]:
    return [
        str(r["key"])
        for r in conn.execute("SELECT key, value, mac FROM meta ORDER BY key")
        if not seal.valid(KIND, {"key": r["key"], "value": r["value"]}, r["mac"])
    ]
