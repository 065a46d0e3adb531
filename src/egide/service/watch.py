"""Message streams triaged by the service for a watcher running elsewhere (``egide watch``
through the service): the watcher reads its source and sends batches; the service triages
them with the watcher's rules, records alerts and the source's checkpoint in one
transaction, and wakes the alert board."""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from egide.app import App
from egide.ops.triage import model_for
from egide.security.labels import parse_label
from egide.store import streams
from egide.store.db import transaction
from egide.stream import rules as rulesets
from egide.stream.sources import Record
from egide.stream.summary import Windows
from egide.stream.triage import Triager
from egide.stream.watcher import Options, Stats, record_alerts, triage_batch

MAX_SESSIONS = 256


@dataclass
class WatchConfig:
    rules: str | None = None
    requirements: str | None = None
    model: str | None = None
    emit: str = "alerts"
    label: str | None = None
    summary_every_s: float | None = None

    def fingerprint(self) -> str:
        return hashlib.sha256(repr(sorted(self.__dict__.items())).encode()).hexdigest()


@dataclass
class _Session:
    triager: Triager
    options: Options
    windows: Windows | None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Watchers:
    def __init__(self) -> None:
        self._sessions: dict[tuple[str, str, str], _Session] = {}
        self._lock = threading.Lock()

    @staticmethod
    def consumer(user: str, name: str) -> str:
        return f"{user}.{name}"

    def _session(self, app: App, user: str, name: str, config: WatchConfig) -> _Session:
        key = (user, name, config.fingerprint())
        with self._lock:
            found = self._sessions.get(key)
        if found is not None:
            return found
        settings = app.settings.stream
        default = config.label or settings.label
        options = Options(
            consumer=self.consumer(user, name),
            emit="all" if config.emit == "all" else "alerts",
            summary_every_s=config.summary_every_s,
            batch=settings.batch,
            max_bytes=settings.max_message_kb * 1024,
            default_label=parse_label(default) if default else None,
        )
        model = model_for(app, config.model) if config.model else None
        requirements = (
            rulesets.parse_requirements(config.requirements) if config.requirements else None
        )
        triager = Triager(
            rulesets.parse(config.rules or "", "règles"),
            app.lexicon,
            tuple(app.settings.ingest.languages),
            app.enricher,
            model,
            requirements,
            app.embedder if (model or requirements) else None,
        )
        windows = Windows(config.summary_every_s) if config.summary_every_s else None
        session = _Session(triager, options, windows)
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[key] = session
        return session

    def checkpoint(self, app: App, name: str, source: str) -> dict[str, Any] | None:
        user = app.require_user()
        point = streams.load(app.db, self.consumer(user.name, name), source)
        return None if point is None else point.position

    def batch(
        self,
        app: App,
        name: str,
        source: str | None,
        records: list[dict[str, Any]],
        position: dict[str, Any] | None,
        config: WatchConfig,
        final: bool = False,
    ) -> dict[str, Any]:
        """Triage one batch; alerts and the checkpoint recorded together. Returns the lines
        to emit (alerts, or every message, and summaries), dead letters and counts."""
        user = app.require_user()
        authority = app.authority(user)
        session = self._session(app, user.name, name, config)
        parsed = [
            Record(base64.b64decode(r["data"]), str(r.get("where", "")), {}) for r in records
        ]
        stats = Stats()
        key = source or "stdin"
        with session.lock:
            lines, dead = triage_batch(
                parsed, session.triager, session.options, authority, stats, session.windows
            )
            if final and session.windows is not None:
                last = session.windows.flush()
                if last is not None:
                    stats.summaries += 1
                    lines.append(last)
            with transaction(app.db):
                emitted = record_alerts(app, session.options.consumer, key, lines, stats)
                if source is not None and position is not None:
                    streams.save(
                        app.db, session.options.consumer, key, streams.Checkpoint(position)
                    )
        return {"lines": emitted, "dead": dead, "stats": stats.to_dict()}

