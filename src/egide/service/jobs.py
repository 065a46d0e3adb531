"""Background jobs of the service (ingest, indexing): one worker, progress queryable and
streamed, state kept in the store so that a job interrupted by a stop is reported as such
(re-running an ingest skips what was stored and completes the rest)."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from egide.app import App
from egide.errors import EgideError
from egide.ingest.progress import Progress
from egide.security.access import may_read
from egide.security.labels import Label
from egide.service.errors import NotFoundError
from egide.store.credentials import iso, now
from egide.store.db import transaction
from egide.store.labels import label_by_id, label_id

Work = Callable[[App, Progress], dict[str, Any]]


@dataclass
class JobState:
    id: str
    kind: str
    user: str
    label: Label
    status: str = "queued"
    stage: str = ""
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    changed: threading.Event = field(default_factory=threading.Event)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "label": self.label.canonical(),
            "result": self.result,
        }


class _Tracker(Progress):
    def __init__(self, state: JobState) -> None:
        self.state = state

    def start(self, stage: str, total: int) -> None:
        self.state.stage, self.state.total, self.state.done = stage, total, 0
        self.state.changed.set()

    def advance(self, n: int = 1) -> None:
        self.state.done += n
        self.state.changed.set()


class Jobs:
    def __init__(self, root: App) -> None:
        self.root = root
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="egide-job")
        self._live: dict[str, JobState] = {}
        self._lock = threading.Lock()

    def recover(self) -> int:
        """Jobs left queued or running by a previous stop are failed, with a way out."""
        conn = self.root.db
        with transaction(conn):
            return conn.execute(
                "UPDATE jobs SET status = 'failed', updated_at = ?, result = ?"
                " WHERE status IN ('queued', 'running')",
                (iso(now()), json.dumps({"error": {"code": "E-INTERRUPTED"}})),
            ).rowcount

    def submit(self, app: App, kind: str, label: Label, work: Work) -> JobState:
        user = app.require_user()
        state = JobState(f"job-{secrets.token_hex(6)}", kind, user.name, label)
        conn = app.db
        with transaction(conn):
            conn.execute(
                "INSERT INTO jobs (id, kind, user, status, created_at, updated_at, label_id)"
                " VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                (state.id, kind, user.name, iso(now()), iso(now()), label_id(conn, label)),
            )
        with self._lock:
            self._live[state.id] = state
        self._pool.submit(self._run, app, state, work)
        return state

    def _run(self, app: App, state: JobState, work: Work) -> None:
        state.status = "running"
        self._save(app, state)
        try:
            state.result = work(app, _Tracker(state))
            state.status = "done"
        except EgideError as exc:
            state.result = {"error": exc.to_dict(app.settings.lang)}
            state.status = "failed"
        except Exception as exc:  # a job's crash is reported, never the service's
            state.result = {"error": {"code": "E-INTERNAL", "message": type(exc).__name__}}
            state.status = "failed"
        self._save(app, state)
        state.changed.set()

    def _save(self, app: App, state: JobState) -> None:
        conn = app.db
        with transaction(conn):
            conn.execute(
                "UPDATE jobs SET status = ?, stage = ?, done = ?, total = ?, result = ?,"
                " updated_at = ? WHERE id = ?",
                (
                    state.status,
                    state.stage,
                    state.done,
                    state.total,
                    None if state.result is None else json.dumps(state.result),
                    iso(now()),
                    state.id,
                ),
            )

    def get(self, app: App, ident: str) -> JobState:
        """A job of the requester that they may read; any other is not found."""
        user = app.require_user()
        with self._lock:
            state = self._live.get(ident)
        if state is None:
            row = app.db.execute(
                "SELECT * FROM jobs WHERE id = ? AND user = ?", (ident, user.name)
            ).fetchone()
            if row is None:
                raise NotFoundError(ident)
            state = JobState(
                row["id"],
                row["kind"],
                row["user"],
                label_by_id(app.db, int(row["label_id"])),
                row["status"],
                row["stage"],
                int(row["done"]),
                int(row["total"]),
                json.loads(row["result"]) if row["result"] else None,
            )
        if state.user != user.name or not may_read(app.authority(user), state.label):
            raise NotFoundError(ident)
        return state

    def listing(self, app: App) -> list[dict[str, Any]]:
        user = app.require_user()
        authority = app.authority(user)
        rows = app.db.execute(
            "SELECT id FROM jobs WHERE user = ? ORDER BY created_at DESC LIMIT 100",
            (user.name,),
        ).fetchall()
        out = []
        for row in rows:
            state = self.get(app, row["id"])
            if may_read(authority, state.label):
                out.append(state.to_dict())
        return out

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
