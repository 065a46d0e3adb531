"""Registered users. Each row carries an HMAC (``Seal``) over who the user is, what they
are cleared for, their roles and their password hash: a row edited outside Égide is
refused when read."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from egide.errors import UserError
from egide.i18n import Msg
from egide.security.integrity import Seal
from egide.security.labels import Level
from egide.security.principals import Role, User
from egide.store.documents import now_iso

KIND = "user"


def _sealed_fields(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "login": row["login"],
        "clearance": int(row["clearance"]),
        "nationality": row["nationality"],
        "compartments": row["compartments"],
        "roles": row["roles"],
        "password_hash": row["password_hash"],
    }


def _row_to_user(row: sqlite3.Row, seal: Seal) -> User:
    seal.check(KIND, str(row["name"]), _sealed_fields(row), row["mac"])
    return User(
        name=row["name"],
        clearance=Level(row["clearance"]),
        nationality=row["nationality"],
        compartments=frozenset(json.loads(row["compartments"])),
        roles=frozenset(Role(r) for r in json.loads(row["roles"])),
        login=row["login"],
    )


def add(conn: sqlite3.Connection, user: User, seal: Seal) -> None:
    """Insert ``user`` (call inside a transaction that also writes the audit record)."""
    login = user.login or user.name
    clash = conn.execute(
        "SELECT name FROM users WHERE name = ? OR login = ?", (user.name, login)
    ).fetchone()
    if clash:
        raise UserError(
            Msg("« {name} » ou l'identifiant « {login} » existe déjà", name=user.name, login=login)
        )
    fields = {
        "name": user.name,
        "login": login,
        "clearance": int(user.clearance),
        "nationality": user.nationality,
        "compartments": json.dumps(sorted(user.compartments)),
        "roles": json.dumps(sorted(r.value for r in user.roles)),
        "password_hash": None,
    }
    conn.execute(
        "INSERT INTO users (name, login, clearance, nationality, compartments, roles,"
        " created_at, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            *(fields[k] for k in ("name", "login", "clearance", "nationality")),
            fields["compartments"],
            fields["roles"],
            now_iso(),
            seal.mac(KIND, fields),
        ),
    )


def set_password(conn: sqlite3.Connection, name: str, password_hash: str, seal: Seal) -> None:
    """Record a new password hash (and reseal the row); the row must verify first."""
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise UserError(Msg("« {name} » inconnu", name=name))
    seal.check(KIND, name, _sealed_fields(row), row["mac"])
    fields = {**_sealed_fields(row), "password_hash": password_hash}
    conn.execute(
        "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, mac = ?"
        " WHERE name = ?",
        (password_hash, seal.mac(KIND, fields), name),
    )


def password_state(
    conn: sqlite3.Connection, name: str, seal: Seal
) -> tuple[str | None, int, str | None] | None:
    """(password hash, consecutive failures, locked until) of a verified row, or None."""
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    seal.check(KIND, name, _sealed_fields(row), row["mac"])
    return row["password_hash"], int(row["failed_logins"]), row["locked_until"]


def note_failure(conn: sqlite3.Connection, name: str) -> int:
    """Count a failed login; returns the consecutive failures."""
    conn.execute("UPDATE users SET failed_logins = failed_logins + 1 WHERE name = ?", (name,))
    row = conn.execute("SELECT failed_logins FROM users WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else 0


def lock(conn: sqlite3.Connection, name: str, until: str) -> None:
    conn.execute("UPDATE users SET locked_until = ? WHERE name = ?", (until, name))


def note_success(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", (name,)
    )


def by_name(conn: sqlite3.Connection, name: str, seal: Seal) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _row_to_user(row, seal) if row else None


def by_login(conn: sqlite3.Connection, login: str, seal: Seal) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE login = ?", (login,)).fetchone()
    return _row_to_user(row, seal) if row else None


def all_users(conn: sqlite3.Connection, seal: Seal) -> list[User]:
    return [_row_to_user(r, seal) for r in conn.execute("SELECT * FROM users ORDER BY name")]


def tampered(conn: sqlite3.Connection, seal: Seal) -> list[str]:
    """Names of the rows whose MAC does not verify."""
    return [
        str(r["name"])
        for r in conn.execute("SELECT * FROM users ORDER BY name")
        if not seal.valid(KIND, _sealed_fields(r), r["mac"])
    ]
