"""Signing the audit log's head on its own: every N records or T seconds, the service
appends a signed tree head to the witness file (outside the store)."""

from __future__ import annotations

import threading
import time
from typing import Any

from egide.app import App
from egide.security import witness


class HeadSigner:
    def __init__(self, root: App) -> None:
        self.root = root
        settings = root.settings.audit
        assert settings.witness is not None
        self.path = settings.witness
        self.every_records = settings.head_every_records
        self.every_s = settings.head_every_s
        self.last: dict[str, Any] | None = None
        self._signed_size = 0
        self._signed_at = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        heads = witness.read(self.path)
        if heads:
            self._signed_size = int(heads[-1]["size"])
        self.sign_if_due(force=True)
        self._thread = threading.Thread(target=self._loop, name="egide-heads", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.sign_if_due(force=True)

    def _loop(self) -> None:
        while not self._stop.wait(min(1.0, self.every_s)):
            try:
                self.sign_if_due()
            except Exception:  # busy store: next tick; a failure shows in doctor (last head)
                continue

    def sign_if_due(self, force: bool = False) -> bool:
        conn = self.root.db
        size = witness.size(conn)
        if size == self._signed_size:
            return False
        due = (
            force
            or size - self._signed_size >= self.every_records
            or time.monotonic() - self._signed_at >= self.every_s
        )
        if not due:
            return False
        store_id = self.root.meta("store_id") or ""
        self._signed_size = witness.sign_head(conn, self.root.signer(), store_id, self.path)
        self._signed_at = time.monotonic()
        self.last = {"size": self._signed_size, "at": time.time()}
        return True
