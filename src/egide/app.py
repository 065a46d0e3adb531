"""The application context: settings, store, identity and lazily built parts.

Built once by the command line (or a test) and passed down; nothing here is global.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import uuid
from pathlib import Path
from types import TracebackType

from egide.enrich.entities import Enricher
from egide.enrich.lexicon import Lexicon
from egide.errors import AccessDeniedError, IdentityError
from egide.errors import Bilingual as B
from egide.retrieve.embed import Embedder, make_embedder
from egide.retrieve.hybrid import Searcher, SearchOutcome
from egide.security.labels import PUBLIC, Level, parse_label
from egide.security.principals import Authority, Role, User
from egide.settings import Settings
from egide.store import audit, users
from egide.store.db import DB_NAME, open_db, transaction


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

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def home(self) -> Path:
        return self.settings.home

    def store_exists(self) -> bool:
        return (self.home / DB_NAME).exists()

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = open_db(self.home)
        return self._db

    def init_store(self, dev: bool) -> bool:
        """Create the store (idempotent). The OS account becomes its first administrator.
        Returns False when it already existed."""
        existed = self.store_exists()
        self._db = open_db(self.home, create=True)
        if existed:
            return False
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
                [("store_id", str(uuid.uuid4())), ("dev", "1" if dev else "0")],
            )
            users.add(self._db, admin)
            audit.append(self._db, admin.name, "store.init", {"dev": dev, "admin": admin.name})
        return True

    def close(self) -> None:
        if self._db is not None:
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

    @property
    def is_dev(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'dev'").fetchone()
        return row is not None and row[0] == "1"

    # --- identity -----------------------------------------------------------------------

    def current_user(self) -> User | None:
        """The registered user behind this process; ``None`` means deny everything."""
        if self.settings.user and self.is_dev:
            return users.by_name(self.db, self.settings.user)
        return users.by_login(self.db, os_login())

    def require_user(self, role: Role | None = None) -> User:
        user = self.current_user()
        if user is None:
            login = self.settings.user if (self.settings.user and self.is_dev) else os_login()
            with transaction(self.db):
                audit.append(self.db, login, "access.denied", {"reason": "unknown identity"})
            raise IdentityError(login=login)
        if role is not None and not user.has(role):
            with transaction(self.db):
                audit.append(self.db, user.name, "access.denied", {"reason": f"role {role.value}"})
            raise AccessDeniedError(
                B(f"le rôle « {role.value} » est requis", f"the '{role.value}' role is required")
            )
        return user

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
            self._embedder = make_embedder(self.settings.embed.model)
            self._embedder_loaded = True
        return self._embedder

    def search(self, query: str, limit: int | None = None) -> SearchOutcome:
        """Search as the current user; the search is audited (query hash, result ids)."""
        user = self.require_user()
        outcome = self.searcher.search(query, Authority.of(user), limit)
        label = PUBLIC
        for hit in outcome.hits:
            label = label.lub(parse_label(hit.row["chunk_label"]))
        with transaction(self.db):
            audit.append(
                self.db,
                user.name,
                "search",
                {
                    "query_sha256": audit.sha256_text(query),
                    "results": [hit.row["uid"] + f"#{hit.chunk_id}" for hit in outcome.hits],
                },
                label,
            )
        return outcome

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
