"""Users (administrators) and API tokens (each user, for their scripts)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from egide.errors import UserError
from egide.i18n import Msg
from egide.security.passwords import check_strength, hasher
from egide.security.principals import Role, make_user
from egide.store import credentials, users
from egide.store.db import transaction

if TYPE_CHECKING:
    from egide.app import App

SCOPES = frozenset({"read", "write"})
MAX_TOKEN_DAYS = 366


def add(
    app: App,
    name: str,
    clearance: str,
    nationality: str,
    compartments: list[str] | None = None,
    roles: list[str] | None = None,
    login: str | None = None,
) -> dict[str, Any]:
    admin = app.require_user(Role.ADMIN)
    new = make_user(name, clearance, nationality, compartments, roles, login)
    with transaction(app.db):
        users.add(app.db, new, app.seal)
        app.record(admin.name, "user.add", new.to_dict())
    return new.to_dict()


def listing(app: App) -> list[dict[str, Any]]:
    app.require_user(Role.ADMIN)
    return [u.to_dict() for u in users.all_users(app.db, app.seal)]


def set_password(app: App, name: str, password: str) -> dict[str, Any]:
    """An administrator sets anyone's password; a user may set their own. Open sessions
    of that user are closed."""
    actor = app.require_user()
    if actor.name != name and not actor.has(Role.ADMIN):
        app.require_user(Role.ADMIN)
    check_strength(password)
    digest = hasher(app.settings.service).hash(password)
    with transaction(app.db):
        users.set_password(app.db, name, digest, app.seal)
        closed = credentials.close_sessions_of(app.db, name)
        app.record(actor.name, "user.password", {"user": name, "sessions_closed": closed})
    return {"user": name, "sessions_closed": closed}


def create_token(app: App, scopes: list[str], days: float) -> dict[str, Any]:
    """A new token for the requester; its secret is shown once and kept only as a hash."""
    user = app.require_user()
    wanted = frozenset(scopes or ["read"])
    if not wanted <= SCOPES:
        raise UserError(Msg("portées : {scopes}", scopes=", ".join(sorted(SCOPES))))
    if not 0 < days <= MAX_TOKEN_DAYS:
        raise UserError(
            Msg("durée entre 0 et {max_token_days} jours", max_token_days=MAX_TOKEN_DAYS)
        )
    ident = f"tok-{secrets.token_hex(4)}"
    secret = f"egt_{secrets.token_urlsafe(32)}"
    expires = credentials.now() + timedelta(days=days)
    with transaction(app.db):
        token = credentials.add_token(app.db, ident, user.name, secret, wanted, expires, app.seal)
        app.record(
            user.name, "token.create", {"token": ident, "scopes": sorted(wanted), "days": days}
        )
    return {**token.to_dict(), "secret": secret}


def tokens(app: App) -> list[dict[str, Any]]:
    user = app.require_user()
    owner = None if user.has(Role.ADMIN) else user.name
    return [t.to_dict() for t in credentials.tokens_of(app.db, owner)]


def revoke_token(app: App, ident: str) -> dict[str, Any]:
    user = app.require_user()
    owner = None if user.has(Role.ADMIN) else user.name
    with transaction(app.db):
        done = credentials.revoke_token(app.db, ident, owner)
        if done:
            app.record(user.name, "token.revoke", {"token": ident})
    if not done:
        from egide.service.errors import NotFoundError

        raise NotFoundError(ident)
    return {"token": ident, "revoked": True}
