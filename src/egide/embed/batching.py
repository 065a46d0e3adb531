"""Query embeddings of concurrent searches computed together.

A search's query vector costs one forward pass of the encoder; eight searches arriving
together cost little more as one batch than one of them alone. The first searches to find
no batch running lead: each takes every pending query (up to ``max_batch``), embeds them
in one call and hands each its vector. A leader stops once its own vector is done and
passes the lead to the oldest query still waiting, so no search serves others for long.
At most ``leaders`` batches run at once (one per processor core is enough: each batch
runs on one core). A lone search leads at once: batching adds no wait.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class _Request(Generic[T]):
    text: str
    ready: threading.Event = field(default_factory=threading.Event)
    vector: T | None = None
    error: BaseException | None = None
    lead: bool = False

    @property
    def done(self) -> bool:
        return self.vector is not None or self.error is not None


class QueryBatcher(Generic[T]):
    """``embed`` takes a batch of queries and gives one result per query, in order (a
    vector, or a vector with what is computed from it for the batch at once)."""

    def __init__(
        self, embed: Callable[[list[str]], Sequence[T]], leaders: int = 2, max_batch: int = 16
    ) -> None:
        self._embed = embed
        self.max_batch = max_batch
        self.leaders = max(1, leaders)
        self._lock = threading.Lock()
        self._pending: list[_Request[T]] = []
        self._active = 0

    def query(self, text: str) -> T:
        request: _Request[T] = _Request(text)
        with self._lock:
            self._pending.append(request)
            if self._active < self.leaders:
                self._active += 1
                request.lead = True
        while True:
            with self._lock:  # promotion and completion, seen at one instant
                lead, done = request.lead, request.done
            if lead:
                self._run(request)
            elif done:
                break
            else:
                request.ready.wait()
                request.ready.clear()
        if request.error is not None:
            raise request.error
        assert request.vector is not None
        return request.vector

    def _run(self, own: _Request[T]) -> None:
        """Embed batches of pending queries while ``own`` waits among them; then pass the
        lead on (``own`` done, or taken into another leader's batch)."""
        while True:
            with self._lock:
                if own.done or own not in self._pending:
                    own.lead = False
                    self._hand_over()
                    return
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
            try:
                results = list(zip(batch, self._embed([r.text for r in batch]), strict=True))
            except BaseException as exc:  # every query of the batch fails as it did
                for r in batch:
                    r.error = exc
            else:
                for r, vector in results:
                    r.vector = vector
            for r in batch:
                r.ready.set()

    def _hand_over(self) -> None:
        """(Under the lock.) The lead to the oldest waiting query that does not hold one,
        or one leader less."""
        successor = next((r for r in self._pending if not r.lead), None)
        if successor is None:
            self._active -= 1
        else:
            successor.lead = True
            successor.ready.set()
