"""Registered users."""

from __future__ import annotations

import json
import sqlite3

from egide.errors import Bilingual as B
from egide.errors import UserError
from egide.security.labels import Level
from egide.security.principals import Role, User
from egide.store.documents import now_iso


def _row_to_user(row: sqlite3.Row) -> User:
    return User(
        name=row["name"],
        clearance=Level(row["clearance"]),
        nationality=row["nationality"],
        compartments=frozenset(json.loads(row["compartments"])),
        roles=frozenset(Role(r) for r in json.loads(row["roles"])),
        login=row["login"],
    )


def add(conn: sqlite3.Connection, user: User) -> None:
    """Insert ``user`` (call inside a transaction that also writes the audit record)."""
    login = user.login or user.name
    clash = conn.execute(
        "SELECT name FROM users WHERE name = ? OR login = ?", (user.name, login)
    ).fetchone()
    if clash:
        raise UserError(
            B(
                f"« {user.name} » ou l'identifiant « {login} » existe déjà",
                f"'{user.name}' or login '{login}' already exists",
            )
        )
    conn.execute(
        "INSERT INTO users (name, login, clearance, nationality, compartments, roles, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            user.name,
            login,
            int(user.clearance),
            user.nationality,
            json.dumps(sorted(user.compartments)),
            json.dumps(sorted(r.value for r in user.roles)),
            now_iso(),
        ),
    )


def by_name(conn: sqlite3.Connection, name: str) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _row_to_user(row) if row else None


def by_login(conn: sqlite3.Connection, login: str) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE login = ?", (login,)).fetchone()
    return _row_to_user(row) if row else None


def all_users(conn: sqlite3.Connection) -> list[User]:
    return [_row_to_user(r) for r in conn.execute("SELECT * FROM users ORDER BY name")]
