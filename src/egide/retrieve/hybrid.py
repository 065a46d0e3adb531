"""Hybrid search: BM25 and dense vectors, each filtered by the requester's readable labels
before its top-k, fused by reciprocal rank."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from egide.embed.base import Embedder
from egide.enrich.lexicon import Lexicon
from egide.errors import QueryError
from egide.retrieve import analyzer, lexical
from egide.retrieve.fusion import rrf
from egide.security.access import readable
from egide.security.principals import Authority
from egide.settings import SearchSettings
from egide.store import documents
from egide.store.db import snapshot
from egide.store.labels import all_labels
from egide.store.vectors import ExactIndex, count_missing, signature

MAX_QUERY_CHARS = 2000


@dataclass
class Hit:
    rank: int
    score: float
    chunk_id: int
    row: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        r = self.row
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "label": r["chunk_label"],
            "document": {
                "id": r["uid"],
                "path": r["path"],
                "title": r["title"],
                "label": r["doc_label"],
                "marking": r["marking"],
                "grade": r["grade"],
            },
            "chunk": {
                "id": self.chunk_id,
                "text": r["text"],
                "start": r["char_start"],
                "end": r["char_end"],
            },
        }


@dataclass
class SearchOutcome:
    hits: list[Hit]
    mode: str  # hybrid, lexical
    expansions: list[str] = field(default_factory=list)
    vectors_missing: int = 0


@dataclass
class Rankings:
    lexical: list[tuple[int, float]]
    dense: list[tuple[int, float]]
    fused: list[tuple[int, float]]
    expansions: list[str]
    mode: str
    vectors_missing: int


class Searcher:
    """Search for one requester. Cheap to build; the vector index is cached across calls."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        settings: SearchSettings,
        embedder: Callable[[], Embedder | None],
        lexicon: Callable[[], Lexicon],
    ) -> None:
        self.conn = conn
        self.settings = settings
        self._embedder = embedder
        self._lexicon = lexicon
        self._index: ExactIndex | None = None
        self._missing_cache: dict[tuple[str, tuple[int, ...]], int] = {}
        self._missing_stamp: tuple[int, int] | None = None

    def scope(self, authority: Authority) -> list[int]:
        """Readable label ids: the full-text partitions and vectors a search may touch."""
        return readable(authority, all_labels(self.conn))

    def _dense_index(self, model: str, stamp: tuple[int, int]) -> ExactIndex:
        if self._index is None or self._index.version != stamp:
            self._index = ExactIndex.load(self.conn, model)
        return self._index

    def _missing(self, model: str, allowed: list[int], stamp: tuple[int, int]) -> int:
        """Visible chunks without a vector, recounted only when chunks or vectors change."""
        if self._missing_stamp != stamp:
            self._missing_cache.clear()
            self._missing_stamp = stamp
        key = (model, tuple(allowed))
        if key not in self._missing_cache:
            self._missing_cache[key] = count_missing(self.conn, model, allowed)
        return self._missing_cache[key]

    def rankings(self, query: str, authority: Authority, depth: int) -> Rankings:
        """Each retriever's ranked chunk ids (best first), already restricted to what
        ``authority`` may read, and their fusion."""
        query = query.strip()[:MAX_QUERY_CHARS]
        if not query or not analyzer.tokens(query):
            raise QueryError("requête vide / empty query")
        expansions = self._lexicon().expand(query) if self.settings.expand else []
        terms = analyzer.query_terms(" ".join([query, *expansions]))
        embedder = self._embedder()  # loaded (and its model verified) outside the snapshot
        with snapshot(self.conn):  # labels, texts and vectors read at one instant
            return self._rank(query, terms, expansions, authority, depth, embedder)

    def _rank(
        self,
        query: str,
        terms: list[str],
        expansions: list[str],
        authority: Authority,
        depth: int,
        embedder: Embedder | None,
    ) -> Rankings:
        allowed = self.scope(authority)
        if not allowed:
            return Rankings([], [], [], [], "lexical", 0)
        lexical_hits = lexical.bm25(self.conn, terms, allowed, depth)
        if embedder is None:
            return Rankings(lexical_hits, [], lexical_hits, expansions, "lexical", 0)
        dense_query = query if not expansions else f"{query} ({'; '.join(expansions)})"
        qvec = embedder.query(dense_query)
        stamp = signature(self.conn)
        dense_hits = self._dense_index(embedder.space, stamp).search(qvec, allowed, depth)
        fused = rrf([[i for i, _ in lexical_hits], [i for i, _ in dense_hits]], self.settings.rrf_k)
        missing = self._missing(embedder.space, allowed, stamp)
        return Rankings(lexical_hits, dense_hits, fused, expansions, "hybrid", missing)

    def search(self, query: str, authority: Authority, limit: int | None = None) -> SearchOutcome:
        limit = limit or self.settings.limit
        ranked = self.rankings(query, authority, max(self.settings.candidates, limit))
        return SearchOutcome(
            self._hits(ranked.fused[:limit]), ranked.mode, ranked.expansions, ranked.vectors_missing
        )

    def _hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        rows = documents.chunk_rows(self.conn, [i for i, _ in ranked])
        return [
            Hit(n, score, cid, rows[cid])
            for n, (cid, score) in enumerate(ranked, start=1)
            if cid in rows
        ]
