"""The application context: settings, store, identity, audit and lazily built parts.

Built once by the command line, the service (or a test) and passed down; nothing here is
global except the network guard, which by nature covers the whole process.

One ``App`` serves many threads: each thread reads and writes through its own
connection, and the parts loaded once (lexicon, NER, embedder, vector index) are shared.
The service derives, per request, an ``App`` acting for the authenticated user on the
terminal the request came from (``acting_as``); the command line's ``App`` acts for the
OS account running it.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from egide.embed.base import Embedder
from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.errors import (
    AccessDeniedError,
    IdentityError,
    RegistryIntegrityError,
    SigningKeyError,
)
from egide.i18n import Msg
from egide.retrieve.filters import SearchFilters
from egide.retrieve.hybrid import Searcher, SearchOutcome
from egide.security import egress, signing
from egide.security.access import readable
from egide.security.integrity import Seal
from egide.security.labels import PUBLIC, Label, Level, parse_label
from egide.security.principals import Authority, Role, User
from egide.security.recheck import may_release
from egide.settings import Settings
from egide.store import audit, documents, users
from egide.store import meta as store_meta
from egide.store.db import DB_NAME, db_errors, open_db, transaction
from egide.store.labels import all_labels

T = TypeVar("T")


def os_login() -> str:
    """The authenticated OS account running this process (not an environment variable)."""
    return pwd.getpwuid(os.getuid()).pw_name


@dataclass
class Principal:
    """Who a request acts for, as the service authenticated it: a registered user's name
    and the terminal the request came from (its name and accreditation)."""

    user: str
    terminal: str
    terminal_label: Label | None
    via: str = "session"  # certificate, password session, token


@dataclass
class Parts:
    """What every ``App`` derived from one root shares."""

    local: threading.local = field(default_factory=threading.local)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Loading the embedder reads the store and the lexicon (which take ``lock``).
    embed_lock: threading.Lock = field(default_factory=threading.Lock)
    conns: list[sqlite3.Connection] = field(default_factory=list)
    lexicon: Lexicon | None = None
    enricher: Enricher | None = None
    embedder: Embedder | None = None
    embedder_loaded: bool = False
    searcher: Searcher | None = None
    seal: Seal | None = None
    egress_denials: list[tuple[str, int | None]] = field(default_factory=list)


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.parts = Parts()
        self.principal: Principal | None = None
        self.terminal_label: Label | None = (
            self.parse_marking(settings.terminal.accreditation)
            if settings.terminal.accreditation
            else None
        )
        self.terminal = settings.terminal.name or os.uname().nodename
        if settings.network.guard:
            egress.install(egress.EgressGuard(settings.network.allow, self._note_denial))

    def acting_as(self, principal: Principal) -> App:
        """An ``App`` sharing this one's store and parts, acting for ``principal``: its
        user is looked up in the registry at every call (a change of roles or clearance
        applies at once) and its authority is bounded by the principal's terminal."""
        other = App.__new__(App)
        other.settings = self.settings
        other.parts = self.parts
        other.principal = principal
        other.terminal_label = principal.terminal_label
        other.terminal = principal.terminal
        return other
    def parse_marking(self, marking: str) -> Label:
        """A marking written by a person (command line, settings), read with this store's
        settings (the NATO nations of ``REL OTAN`` and of NATO markings)."""
        return parse_label(marking, nato=self.settings.labels.nato())

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def home(self) -> Path:
        return self.settings.home

    @property
    def key_path(self) -> Path:
        return self.settings.audit.key_path or self.home / "audit-ed25519.pem"

    def store_exists(self) -> bool:
        return (self.home / DB_NAME).exists()

    def store_key(self) -> bytes | None:
        """The encryption key of the store (``store.key_file`` or its systemd credential),
        or ``None`` (plain)."""
        path = self.settings.store.key_path()
        if path is None:
            return None
        from egide.store.sealing import read_key

        return read_key(path)

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection to the store (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self.parts.local, "conn", None)
        if conn is None:
            conn = open_db(self.home, key=self.store_key())
            self._adopt(conn)
        return conn

    def _adopt(self, conn: sqlite3.Connection) -> None:
        self.parts.local.conn = conn
        with self.parts.lock:
            self.parts.conns.append(conn)

    def init_store(self, dev: bool) -> bool:
        """Create the store (idempotent) and its signing key. The OS account becomes its
        first administrator. Returns False when it already existed."""
        existed = self.store_exists()
        if getattr(self.parts.local, "conn", None) is None:
            key_file = self.settings.store.key_path()
            store_key = None
            if key_file is not None:
                from egide.store.sealing import ensure_key

                store_key = ensure_key(key_file)
            self._adopt(open_db(self.home, create=True, key=store_key))
        if existed:
            return False
        key = (
            signing.load_key(self.key_path)
            if self.key_path.exists()
            else signing.create_key(self.key_path)
        )
        login = os_login()
        admin = User(
            name=_safe_name(login),
            clearance=Level.NP,
            nationality="FRA",
            roles=frozenset({Role.ADMIN}),
            login=login,
        )
        conn = self.db
        seal = self.seal
        with transaction(conn):
            for name, value in (
                ("store_id", str(uuid.uuid4())),
                ("dev", "1" if dev else "0"),
                ("audit_public_key", key.public.hex()),
            ):
                store_meta.put(conn, name, value, seal)
            users.add(conn, admin, seal)
            self.record(
                admin.name, "store.init", {"dev": dev, "admin": admin.name, "key_id": key.key_id}
            )
        return True

    def close(self) -> None:
        """Close every connection of the store (all threads'). An ``App`` acting for a
        principal owns nothing: closing it is the root's business."""
        if self.principal is not None:
            return
        with self.parts.lock:
            conns, self.parts.conns = self.parts.conns, []
        if conns:
            self._flush_denials(conns[0])
        for conn in conns:
            conn.close()
        self.parts.local = threading.local()

    def __enter__(self) -> App:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        """A store flag, verified against its seal (``RegistryIntegrityError`` if edited
        outside Égide)."""
        return store_meta.get(self.db, key, self.seal)

    def set_meta(self, key: str, value: str) -> None:
        """Set a store flag (inside the caller's transaction, which audits the change)."""
        store_meta.put(self.db, key, value, self.seal)

    @property
    def seal(self) -> Seal:
        """The registry's integrity key, derived from the signing key."""
        parts = self.parts
        if parts.seal is None:
            parts.seal = Seal.derive(self.signer().secret())
        return parts.seal

    @property
    def is_dev(self) -> bool:
        return self.meta("dev") == "1"

    # --- audit --------------------------------------------------------------------------

    def signer(self) -> signing.Signer:
        return signing.load_key(self.key_path)

    def public_key(self) -> bytes:
        """The key audit checkpoints and model manifests must be signed with: the private
        key file's when it is readable, else the one recorded at init."""
        if self.key_path.exists():
            recorded = self.meta("audit_public_key")
            public = self.signer().public
            if recorded is not None and recorded != public.hex():
                raise SigningKeyError(
                    Msg("la clé ne correspond pas à celle du magasin")
                )
            return public
        row = self.db.execute("SELECT value FROM meta WHERE key = 'audit_public_key'").fetchone()
        recorded = None if row is None else str(row[0])
        if recorded is None:
            raise SigningKeyError(Msg("aucune clé enregistrée"))
        return bytes.fromhex(recorded)

    def record(
        self,
        actor: str,
        action: str,
        data: dict[str, Any],
        label: Label = PUBLIC,
        decision: str = "allow",
    ) -> None:
        """Append an audit record, inside the current transaction if there is one."""
        if self.db.in_transaction:
            audit.append(
                self.db, actor, action, data, label, terminal=self.terminal, decision=decision
            )
            return
        with transaction(self.db):
            audit.append(
                self.db, actor, action, data, label, terminal=self.terminal, decision=decision
            )

    def _note_denial(self, host: str, port: int | None) -> None:
        self.parts.egress_denials.append((host, port))

    def _flush_denials(self, conn: sqlite3.Connection) -> None:
        denials = self.parts.egress_denials
        if denials and not conn.in_transaction:
            with transaction(conn):
                for host, port in denials:
                    audit.append(
                        conn,
                        "egide",
                        "egress.denied",
                        {"host": host, "port": port},
                        terminal=self.terminal,
                        decision="deny",
                    )
        denials.clear()

    # --- identity -----------------------------------------------------------------------

    def _login(self) -> str:
        """The identity this App claims: the service's authenticated principal, else the
        OS account (or, in a development store only, the ``user`` setting)."""
        if self.principal is not None:
            return self.principal.user
        if self.settings.user and self.is_dev:
            return self.settings.user
        return os_login()

    def current_user(self) -> User | None:
        """The registered user behind this App; ``None`` means deny everything."""
        try:
            if self.principal is not None:
                return users.by_name(self.db, self.principal.user, self.seal)
            if self.settings.user and self.is_dev:
                return users.by_name(self.db, self.settings.user, self.seal)
            return users.by_login(self.db, os_login(), self.seal)
        except db_errors():
            return None  # an unreadable registry authorises nobody
        except RegistryIntegrityError as exc:
            who = self.principal.user if self.principal is not None else os_login()
            self.record(who, "security.alarm", {"reason": exc.message("en")}, decision="deny")
            raise

    def require_user(self, role: Role | None = None) -> User:
        user = self.current_user()
        if user is None:
            login = self._login()
            self.record(login, "access.denied", {"reason": "unknown identity"}, decision="deny")
            raise IdentityError(login=login)
        if not user.roles:
            self.record(user.name, "access.denied", {"reason": "no role"}, decision="deny")
            raise AccessDeniedError(Msg("aucun rôle attribué"))
        if role is not None and not user.has(role):
            self.record(
                user.name, "access.denied", {"reason": f"role {role.value}"}, decision="deny"
            )
            raise AccessDeniedError(
                Msg("le rôle « {value} » est requis", value=role.value)
            )
        return user

    def authority(self, user: User) -> Authority:
        """The user's authority on this terminal (the meet of both)."""
        return Authority.of(user, self.terminal_label)

    def release(
        self,
        user: User,
        authority: Authority,
        what: str,
        items: Sequence[tuple[Sequence[str], T]],
    ) -> list[T]:
        """Second check on content about to leave: each item carries the canonical labels
        it depends on. A disagreement with the access decision is an alarm in the audit
        log, and the item is withheld."""
        out = []
        for labels, payload in items:
            refused = [label for label in labels if not may_release(authority, label)]
            if not refused:
                out.append(payload)
                continue
            for label in refused:
                self.record(
                    user.name,
                    "security.alarm",
                    {"what": what, "label": label, "reason": "release check refused"},
                    parse_label(label),
                    decision="deny",
                )
        return out

    # --- services -----------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int | None = None,
        filters: SearchFilters | None = None,
        per_document: bool = False,
    ) -> SearchOutcome:
        """Search as the current user; audited (query hash, filters, result ids),
        re-checked. ``filters`` apply inside the search, before top-k; ``per_document``
        gives the best passage of each document instead of every passage."""
        user = self.require_user()
        authority = self.authority(user)
        outcome = self.searcher.search(query, authority, limit, filters, per_document)
        outcome.hits = self.release(
            user,
            authority,
            "search",
            [((hit.row["chunk_label"], hit.row["doc_label"]), hit) for hit in outcome.hits],
        )
        label = PUBLIC
        for hit in outcome.hits:
            label = label.lub(parse_label(hit.row["chunk_label"]))
        self.record(
            user.name,
            "search",
            {
                "query_hmac": self.seal.keyed_hash(query),
                "results": [f"{hit.row['uid']}#{hit.chunk_id}" for hit in outcome.hits],
                **({"filters": filters.to_dict()} if filters is not None else {}),
            },
            label,
        )
        return outcome

    def stats(self) -> documents.Counts:
        """Counts of what the current user may see on this terminal, re-checked."""
        user = self.require_user()
        authority = self.authority(user)
        counts = documents.counts(self.db, readable(authority, all_labels(self.db)))
        kept = dict(
            self.release(
                user, authority, "stats", [((k,), (k, v)) for k, v in counts.by_label.items()]
            )
        )
        if kept == counts.by_label:
            return counts
        chunks = documents.counts(
            self.db, [i for i, lab in all_labels(self.db) if lab.canonical() in kept]
        ).chunks
        return documents.Counts(sum(kept.values()), chunks, kept)

    # --- parts --------------------------------------------------------------------------

    @property
    def lexicon(self) -> Lexicon:
        parts = self.parts
        if parts.lexicon is None:
            with parts.lock:
                if parts.lexicon is None:
                    parts.lexicon = Lexicon.load()
        return parts.lexicon

    @property
    def enricher(self) -> Enricher:
        parts = self.parts
        if parts.enricher is None:
            lexicon = self.lexicon
            with parts.lock:
                if parts.enricher is None:
                    parts.enricher = Enricher(lexicon, self.settings.ingest.ner)
        return parts.enricher

    @property
    def embedder(self) -> Embedder | None:
        parts = self.parts
        if not parts.embedder_loaded:
            from egide.embed.factory import make_embedder

            with parts.embed_lock:
                if not parts.embedder_loaded:
                    parts.embedder = make_embedder(self)
                    parts.embedder_loaded = True
        return parts.embedder

    @property
    def searcher(self) -> Searcher:
        parts = self.parts
        if parts.searcher is None:
            with parts.lock:
                if parts.searcher is None:
                    parts.searcher = Searcher(
                        lambda: self.db,
                        self.settings.search,
                        lambda: self.embedder,
                        lambda: self.lexicon,
                    )
        return parts.searcher



def _safe_name(login: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in login.lower())
    return cleaned if cleaned[:1].isalpha() else f"u-{cleaned}"
