"""The application context: settings, store, identity, audit and lazily built parts.

Built once by the command line (or a test) and passed down; nothing here is global except
the network guard, which by nature covers the whole process.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from egide.embed.base import Embedder
from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.errors import AccessDeniedError, IdentityError, SigningKeyError
from egide.errors import Bilingual as B
from egide.retrieve.filters import SearchFilters
from egide.retrieve.hybrid import Searcher, SearchOutcome
from egide.security import egress, signing
from egide.security.access import readable
from egide.security.labels import PUBLIC, Label, Level, parse_label
from egide.security.principals import Authority, Role, User
from egide.security.recheck import may_release
from egide.settings import Settings
from egide.store import audit, documents, users
from egide.store.db import DB_NAME, open_db, transaction
from egide.store.labels import all_labels

T = TypeVar("T")


def os_login() -> str:
    """The authenticated OS account running this process (not an environment variable)."""
    return pwd.getpwuid(os.getuid()).pw_name


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._db: sqlite3.Connection | None = None
        self._embedder: Embedder | None = None
        self._embedder_loaded = False
        self._lexicon: Lexicon | None = None
        self._enricher: Enricher | None = None
        self._searcher: Searcher | None = None
        self._egress_denials: list[tuple[str, int | None]] = []
        self.terminal_label: Label | None = (
            self.parse_marking(settings.terminal.accreditation)
            if settings.terminal.accreditation
            else None
        )
        self.terminal = settings.terminal.name or os.uname().nodename
        if settings.network.guard:
            egress.install(egress.EgressGuard(settings.network.allow, self._note_denial))

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

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = open_db(self.home)
        return self._db

    def init_store(self, dev: bool) -> bool:
        """Create the store (idempotent) and its signing key. The OS account becomes its
        first administrator. Returns False when it already existed."""
        existed = self.store_exists()
        self._db = open_db(self.home, create=True)
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
        with transaction(self._db):
            self._db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("store_id", str(uuid.uuid4())),
                    ("dev", "1" if dev else "0"),
                    ("audit_public_key", key.public.hex()),
                ],
            )
            users.add(self._db, admin)
            self.record(
                admin.name, "store.init", {"dev": dev, "admin": admin.name, "key_id": key.key_id}
            )
        return True

    def close(self) -> None:
        if self._db is not None:
            self._flush_denials()
            self._db.close()
            self._db = None

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
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def is_dev(self) -> bool:
        return self.meta("dev") == "1"

    # --- audit --------------------------------------------------------------------------

    def signer(self) -> signing.Signer:
        return signing.load_key(self.key_path)

    def public_key(self) -> bytes:
        """The key audit checkpoints and model manifests must be signed with: the private
        key file's when it is readable, else the one recorded at init."""
        recorded = self.meta("audit_public_key")
        if self.key_path.exists():
            public = self.signer().public
            if recorded is not None and recorded != public.hex():
                raise SigningKeyError(
                    B(
                        "la clé ne correspond pas à celle du magasin",
                        "the key does not match the store's",
                    )
                )
            return public
        if recorded is None:
            raise SigningKeyError(B("aucune clé enregistrée", "no key recorded"))
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
        self._egress_denials.append((host, port))

    def _flush_denials(self) -> None:
        if self._egress_denials and self._db is not None and not self._db.in_transaction:
            for host, port in self._egress_denials:
                self.record("egide", "egress.denied", {"host": host, "port": port}, decision="deny")
        self._egress_denials.clear()

    # --- identity -----------------------------------------------------------------------

    def current_user(self) -> User | None:
        """The registered user behind this process; ``None`` means deny everything."""
        try:
            if self.settings.user and self.is_dev:
                return users.by_name(self.db, self.settings.user)
            return users.by_login(self.db, os_login())
        except sqlite3.Error:
            return None  # an unreadable registry authorises nobody

    def require_user(self, role: Role | None = None) -> User:
        user = self.current_user()
        if user is None:
            login = self.settings.user if (self.settings.user and self.is_dev) else os_login()
            self.record(login, "access.denied", {"reason": "unknown identity"}, decision="deny")
            raise IdentityError(login=login)
        if not user.roles:
            self.record(user.name, "access.denied", {"reason": "no role"}, decision="deny")
            raise AccessDeniedError(B("aucun rôle attribué", "no role granted"))
        if role is not None and not user.has(role):
            self.record(
                user.name, "access.denied", {"reason": f"role {role.value}"}, decision="deny"
            )
            raise AccessDeniedError(
                B(f"le rôle « {role.value} » est requis", f"the '{role.value}' role is required")
            )
        return user

    def authority(self, user: User) -> Authority:
        """The user's authority on this terminal (the meet of both)."""
        return Authority.of(user, self.terminal_label)

    def release(
        self, user: User, authority: Authority, what: str, items: list[tuple[tuple[str, ...], T]]
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
                "query_sha256": audit.sha256_text(query),
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
        if self._lexicon is None:
            self._lexicon = Lexicon.load()
        return self._lexicon

    @property
    def enricher(self) -> Enricher:
        if self._enricher is None:
            self._enricher = Enricher(self.lexicon, self.settings.ingest.ner)
        return self._enricher

    @property
    def embedder(self) -> Embedder | None:
        if not self._embedder_loaded:
            from egide.embed.factory import make_embedder

            self._embedder = make_embedder(self)
            self._embedder_loaded = True
        return self._embedder

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(
                self.db, self.settings.search, lambda: self.embedder, lambda: self.lexicon
            )
        return self._searcher


def _safe_name(login: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in login.lower())
    return cleaned if cleaned[:1].isalpha() else f"u-{cleaned}"
