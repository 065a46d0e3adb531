"""Who is asking, from where: the identity and terminal of each request.

Identity comes from the connection, never from a request parameter: a client certificate
verified by TLS (and mapped to a registered user's login), a session opened with a
password or a certificate (cookie ``egide_session``, Secure, HttpOnly, SameSite=Strict,
with a CSRF token for every state-changing request), or an API token
(``Authorization: Bearer``). The terminal is the first ``service.terminals`` rule that the
client's address and certificate match; none matching means refused. Authority is then the
meet of the user's clearance and the terminal's accreditation.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError

from egide.app import App, Principal
from egide.i18n import Msg
from egide.security.labels import Label, parse_label
from egide.security.passwords import hasher
from egide.service.errors import AuthError, CSRFError, LockedError, ScopeError, TerminalError
from egide.service.tls import ClientCert, Revocations
from egide.settings import ServiceSettings, TerminalRule
from egide.store import credentials, users
from egide.store.db import transaction

COOKIE = "egide_session"


def set_session_cookie(response: Any, cookie: str, max_hours: float) -> None:
    """The session cookie, as the API and the pages both set it: HTTPS only, out of
    scripts' reach, never sent by another site."""
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(max_hours * 3600),
        secure=True,
        httponly=True,
        samesite="strict",
        path="/",
    )
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_PREFIX = "egt_"


@dataclass(frozen=True)
class Terminal:
    name: str
    label: Label | None


@dataclass(frozen=True)
class Request:
    """What authentication reads of an HTTP request (kept apart from the web framework)."""

    method: str
    client_ip: str
    cert: ClientCert | None
    cookie: str | None
    csrf: str | None
    bearer: str | None


class Authenticator:
    def __init__(self, root: App, settings: ServiceSettings) -> None:
        self.root = root
        self.settings = settings
        self.hasher = hasher(settings)
        self.revocations = Revocations(settings.crl)
        self._rules = [(rule, _networks(rule)) for rule in settings.terminals]
        self._labels = {
            rule.name: parse_label(rule.accreditation) if rule.accreditation else None
            for rule in settings.terminals
        }
        # Verifying against this hash when the user is unknown costs what a real check
        # costs: timing does not tell which names exist.
        self._dummy = self.hasher.hash(secrets.token_urlsafe(16))

    # --- terminal ---------------------------------------------------------------------

    def terminal(self, client_ip: str, cert: ClientCert | None) -> Terminal:
        try:
            address = ipaddress.ip_address(client_ip)
        except ValueError:
            address = None
        for rule, networks in self._rules:
            if networks and (address is None or not any(address in n for n in networks)):
                continue
            if rule.cert_ou is not None and (cert is None or cert.ou != rule.cert_ou):
                continue
            return Terminal(rule.name, self._labels[rule.name])
        raise TerminalError(client_ip)

    # --- identity ---------------------------------------------------------------------

    def authenticate(self, request: Request) -> Principal:
        """The principal of ``request``, or an error (refused by default)."""
        terminal = self.terminal(request.client_ip, request.cert)
        if request.bearer is not None:
            return self._by_token(request, terminal)
        if request.cookie is not None:
            return self._by_session(request, terminal)
        if request.cert is not None:
            if request.method not in SAFE_METHODS:
                raise CSRFError()
            return self._principal(self._cert_user(request.cert, terminal), terminal, "cert")
        raise AuthError(Msg("aucune identité présentée"))

    def _principal(self, user: str, terminal: Terminal, via: str) -> Principal:
        return Principal(user, terminal.name, terminal.label, via)

    def _cert_user(self, cert: ClientCert, terminal: Terminal) -> str:
        """The registered user a verified certificate names (TLS checked the chain and the
        validity; the revocation list is checked again here, re-read when it changes)."""
        if cert.expired():
            raise self._refuse("certificate expired", terminal, cert.cn)
        if self.revocations.revoked(cert.serial):
            raise self._refuse("certificate revoked", terminal, cert.cn)
        login = cert.login(self.settings.cert_identity)
        user = users.by_login(self.root.db, login, self.root.seal) if login else None
        if user is None:
            raise self._refuse("certificate names no user", terminal, login)
        return user.name

    def _by_token(self, request: Request, terminal: Terminal) -> Principal:
        secret = request.bearer or ""
        token = (
            credentials.find_token(self.root.db, secret, self.root.seal)
            if secret.startswith(TOKEN_PREFIX)
            else None
        )
        if token is None:
            raise self._refuse("bad, expired or revoked token", terminal, None)
        if request.method not in SAFE_METHODS and "write" not in token.scopes:
            raise ScopeError(Msg("portée « read » seulement"))
        return self._principal(token.user, terminal, f"token:{token.id}")

    def _by_session(self, request: Request, terminal: Terminal) -> Principal:
        cookie = request.cookie or ""
        session = credentials.get_session(self.root.db, cookie)
        if session is None:
            raise AuthError(Msg("session inconnue ou close"))
        now = credentials.now()
        idle = timedelta(minutes=self.settings.session_idle_min)
        if (
            now - session.last_seen > idle
            or now - session.created_at > timedelta(hours=self.settings.session_max_h)
        ):
            with transaction(self.root.db):
                credentials.close_session(self.root.db, cookie)
            raise AuthError(Msg("session expirée"))
        if session.terminal != terminal.name:
            raise self._refuse("session used from another terminal", terminal, session.user)
        if session.via.startswith("cert:") and (
            request.cert is None or f"cert:{request.cert.fingerprint}" != session.via
        ):
            raise self._refuse("session without its certificate", terminal, session.user)
        if request.method not in SAFE_METHODS and not (
            request.csrf and secrets.compare_digest(request.csrf, session.csrf)
        ):
            raise CSRFError()
        if now - session.last_seen > timedelta(seconds=30):
            with transaction(self.root.db):
                credentials.touch_session(self.root.db, cookie)
        return self._principal(session.user, terminal, "session")

    def _refuse(self, reason: str, terminal: Terminal, who: str | None) -> AuthError:
        self.root.record(
            who or "?",
            "auth.refused",
            {"reason": reason, "terminal": terminal.name},
            decision="deny",
        )
        return AuthError(Msg("identité refusée"))

    # --- sessions ---------------------------------------------------------------------

    def login(
        self,
        client_ip: str,
        cert: ClientCert | None,
        name: str | None,
        password: str | None,
    ) -> tuple[str, dict[str, Any]]:
        """Open a session with a password (``name``, ``password``) or with the verified
        certificate. Returns the cookie value and what the client is told (user, CSRF
        token, timeouts)."""
        terminal = self.terminal(client_ip, cert)
        if name is not None and password is not None:
            user = self._check_password(name, password, terminal)
            via = "password"
        elif cert is not None:
            user = self._cert_user(cert, terminal)
            via = f"cert:{cert.fingerprint}"
        else:
            raise AuthError(Msg("ni mot de passe ni certificat"))
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with transaction(self.root.db):
            credentials.open_session(self.root.db, cookie, user, csrf, terminal.name, via)
            self.root.record(
                user, "auth.login", {"via": via.split(":")[0], "terminal": terminal.name}
            )
        return cookie, {
            "user": user,
            "csrf": csrf,
            "terminal": terminal.name,
            "idle_minutes": self.settings.session_idle_min,
            "max_hours": self.settings.session_max_h,
        }

    def logout(self, cookie: str) -> None:
        session = credentials.get_session(self.root.db, cookie)
        with transaction(self.root.db):
            if credentials.close_session(self.root.db, cookie) and session is not None:
                self.root.record(session.user, "auth.logout", {})

    def _check_password(self, name: str, password: str, terminal: Terminal) -> str:
        conn, seal = self.root.db, self.root.seal
        state = users.password_state(conn, name, seal)
        stored = state[0] if state else None
        if state is not None and state[2] is not None:
            until = credentials.parse_iso(state[2])
            if until > credentials.now():
                self.root.record(
                    name, "auth.refused", {"reason": "locked", "terminal": terminal.name},
                    decision="deny",
                )
                raise LockedError(until=until.strftime("%Y-%m-%d %H:%M:%SZ"))
        try:
            ok = self.hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if ok:
            with transaction(conn):
                users.note_success(conn, name)
            return name
        with transaction(conn):
            if state is None:
                self.root.record(
                    name, "auth.failed", {"reason": "unknown user", "terminal": terminal.name},
                    decision="deny",
                )
                raise AuthError(Msg("identifiant ou mot de passe faux"))
            failures = users.note_failure(conn, name)
            self.root.record(
                name, "auth.failed", {"failures": failures, "terminal": terminal.name},
                decision="deny",
            )
            if failures >= self.settings.lockout_failures:
                until = credentials.now() + timedelta(minutes=self.settings.lockout_min)
                users.lock(conn, name, credentials.iso(until))
                self.root.record(
                    name, "auth.lockout", {"until": credentials.iso(until)}, decision="deny"
                )
        raise AuthError(Msg("identifiant ou mot de passe faux"))


def _networks(rule: TerminalRule) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in rule.networks]
