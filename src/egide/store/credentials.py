"""Sessions and API tokens. Secrets are never stored: a session cookie and a token are
kept as their SHA-256 (they are 256-bit random values, so a hash is enough); tokens, which
grant access on their own, also carry an HMAC so that a row inserted with ``sqlite3`` is
refused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from egide.security.integrity import Seal

TOKEN_KIND = "api_token"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Session:
    user: str
    csrf: str
    terminal: str
    via: str
    created_at: datetime
    last_seen: datetime


def open_session(
    conn: sqlite3.Connection, cookie: str, user: str, csrf: str, terminal: str, via: str
) -> None:
    stamp = iso(now())
    conn.execute(
        "INSERT INTO sessions (id_sha256, user, csrf, terminal, via, created_at, last_seen)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (digest(cookie), user, csrf, terminal, via, stamp, stamp),
    )


def get_session(conn: sqlite3.Connection, cookie: str) -> Session | None:
    row = conn.execute("SELECT * FROM sessions WHERE id_sha256 = ?", (digest(cookie),)).fetchone()
    if row is None:
        return None
    return Session(
        row["user"],
        row["csrf"],
        row["terminal"],
        row["via"],
        parse_iso(row["created_at"]),
        parse_iso(row["last_seen"]),
    )


def touch_session(conn: sqlite3.Connection, cookie: str) -> None:
    conn.execute(
        "UPDATE sessions SET last_seen = ? WHERE id_sha256 = ?", (iso(now()), digest(cookie))
    )


def close_session(conn: sqlite3.Connection, cookie: str) -> bool:
    cur = conn.execute("DELETE FROM sessions WHERE id_sha256 = ?", (digest(cookie),))
    return cur.rowcount == 1


def close_sessions_of(conn: sqlite3.Connection, user: str) -> int:
    return conn.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount


@dataclass(frozen=True)
class Token:
    id: str
    user: str
    scopes: frozenset[str]
    created_at: str
    expires_at: str
    revoked_at: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "user": self.user,
            "scopes": sorted(self.scopes),
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "revoked_at": self.revoked_at,
        }


def _token_fields(
    ident: str, user: str, token_sha256: str, scopes: str, expires_at: str
) -> dict[str, str]:
    return {
        "id": ident,
        "user": user,
        "token_sha256": token_sha256,
        "scopes": scopes,
        "expires_at": expires_at,
    }


def add_token(
    conn: sqlite3.Connection,
    ident: str,
    user: str,
    secret: str,
    scopes: frozenset[str],
    expires_at: datetime,
    seal: Seal,
) -> Token:
    scope_json = json.dumps(sorted(scopes))
    fields = _token_fields(ident, user, digest(secret), scope_json, iso(expires_at))
    created = iso(now())
    conn.execute(
        "INSERT INTO api_tokens (id, user, token_sha256, scopes, created_at, expires_at, mac)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            ident,
            user,
            fields["token_sha256"],
            scope_json,
            created,
            fields["expires_at"],
            seal.mac(TOKEN_KIND, fields),
        ),
    )
    return Token(ident, user, scopes, created, fields["expires_at"], None)


def _row_token(row: sqlite3.Row) -> Token:
    return Token(
        row["id"],
        row["user"],
        frozenset(json.loads(row["scopes"])),
        row["created_at"],
        row["expires_at"],
        row["revoked_at"],
    )


def find_token(conn: sqlite3.Connection, secret: str, seal: Seal) -> Token | None:
    """The live token whose secret is ``secret`` (sealed, not revoked, not expired)."""
    row = conn.execute(
        "SELECT * FROM api_tokens WHERE token_sha256 = ?", (digest(secret),)
    ).fetchone()
    if row is None:
        return None
    fields = _token_fields(
        row["id"], row["user"], row["token_sha256"], row["scopes"], row["expires_at"]
    )
    seal.check(TOKEN_KIND, str(row["id"]), fields, row["mac"])
    token = _row_token(row)
    if token.revoked_at is not None or parse_iso(token.expires_at) <= now():
        return None
    return token


def tokens_of(conn: sqlite3.Connection, user: str | None) -> list[Token]:
    sql = "SELECT * FROM api_tokens"
    rows = (
        conn.execute(sql + " ORDER BY created_at")
        if user is None
        else conn.execute(sql + " WHERE user = ? ORDER BY created_at", (user,))
    )
    return [_row_token(r) for r in rows]


def revoke_token(conn: sqlite3.Connection, ident: str, user: str | None) -> bool:
    """Revoke token ``ident`` (of ``user`` unless ``None``, for administrators)."""
    sql = "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
    args: tuple[str, ...] = (iso(now()), ident)
    if user is not None:
        sql += " AND user = ?"
        args = (*args, user)
    return conn.execute(sql, args).rowcount == 1


def tampered_tokens(conn: sqlite3.Connection, seal: Seal) -> list[str]:
    return [
        str(r["id"])
        for r in conn.execute("SELECT * FROM api_tokens ORDER BY id")
        if not seal.valid(
            TOKEN_KIND,
            _token_fields(r["id"], r["user"], r["token_sha256"], r["scopes"], r["expires_at"]),
            r["mac"],
        )
    ]
