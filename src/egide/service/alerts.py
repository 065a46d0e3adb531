"""Alerts to the people watching: a single reader follows the alerts table (whoever wrote
them: the service's own triage or a watcher on the service host) and hands each new alert
to every subscriber cleared for it. An alert is a notification; nothing here acts."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from egide.app import App
from egide.security.access import may_read
from egide.security.labels import Label
from egide.security.principals import Authority, User
from egide.store.labels import all_labels

POLL_S = 0.05


@dataclass
class Subscriber:
    app: App
    user: User
    authority: Authority
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(1000))
    dropped: int = 0

    def offer(self, item: dict[str, Any]) -> None:
        if self.queue.full():
            self.dropped += 1
            return
        self.queue.put_nowait(item)


def alert_payload(row: Any, label: Label) -> dict[str, Any]:
    body = json.loads(row["body"])
    return {
        "seq": int(row["rowid"]),
        "consumer": row["consumer"],
        "alert_id": row["id"],
        "label": label.canonical(),
        "priority": row["priority"],
        "created_at": row["created_at"],
        "body": body,
    }


class AlertHub:
    def __init__(self, root: App) -> None:
        self.root = root
        self._subs: list[Subscriber] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._last = 0
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        row = self.root.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM alerts").fetchone()
        self._last = int(row[0])
        self._thread = threading.Thread(target=self._follow, name="egide-alerts", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            subs, self._subs = self._subs, []
        for sub in subs:  # ends every open stream
            sub.loop.call_soon_threadsafe(sub.offer, {"type": "end"})

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def wake(self) -> None:
        """New alerts were just written: read them now rather than at the next tick."""
        self._wake.set()

    def subscribe(self, app: App, loop: asyncio.AbstractEventLoop) -> Subscriber:
        user = app.require_user()
        sub = Subscriber(app, user, app.authority(user), loop)
        with self._lock:
            self._subs.append(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            if sub in self._subs:
                self._subs.remove(sub)

    def _follow(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(POLL_S)
            self._wake.clear()
            try:
                self._deliver()
            except Exception:  # the store busy or closing: try again at the next tick
                continue

    def _deliver(self) -> None:
        conn = self.root.db
        rows = conn.execute(
            "SELECT rowid, consumer, id, label_id, priority, body, created_at FROM alerts"
            " WHERE rowid > ? ORDER BY rowid LIMIT 1000",
            (self._last,),
        ).fetchall()
        if not rows:
            return
        self._last = int(rows[-1]["rowid"])
        labels = dict(all_labels(conn))
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            visible: list[tuple[tuple[str, ...], Any]] = [
                ((labels[int(r["label_id"])].canonical(),), r)
                for r in rows
                if may_read(sub.authority, labels[int(r["label_id"])])
            ]
            for row in sub.app.release(sub.user, sub.authority, "alert", visible):
                payload = alert_payload(row, labels[int(row["label_id"])])
                sub.loop.call_soon_threadsafe(sub.offer, payload)
