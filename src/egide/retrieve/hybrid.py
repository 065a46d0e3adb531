"""Hybrid search: BM25 and dense vectors, each filtered by the requester's readable labels
before its top-k, fused by reciprocal rank."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from egide.embed.base import Embedder, usable_cpus
from egide.embed.batching import QueryBatcher
from egide.enrich.lexicon import Lexicon
from egide.errors import QueryError
from egide.i18n import Msg
from egide.retrieve import analyzer, display, lexical
from egide.retrieve.filters import SearchFilters, grade_weight
from egide.retrieve.fusion import rrf
from egide.security.access import readable
from egide.security.principals import Authority
from egide.settings import SearchSettings
from egide.store import documents
from egide.store.db import snapshot
from egide.store.labels import all_labels
from egide.store.vectors import ExactIndex, Matrix, count_missing, signature

MAX_QUERY_CHARS = 2000


@dataclass
class Hit:
    rank: int
    score: float
    chunk_id: int
    row: dict[str, Any]
    #: the analysed query terms, to locate matches in the passage
    terms: tuple[str, ...] = ()
    #: matching passages of this document among the candidates (one result per document)
    passages: int = 1

    def to_dict(self) -> dict[str, Any]:
        r = self.row
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "label": r["chunk_label"],
            "document": {
                "id": r["uid"],
                "path": r["path"],
                "title": display.title(r["title"], r["head"], PurePath(r["path"]).name),
                "label": r["doc_label"],
                "marking": r["marking"],
                "grade": r["grade"],
                "date": r["doc_date"],
                "source": r["source"],
                "language": r["language"],
            },
            "chunk": {
                "id": self.chunk_id,
                "text": r["text"],
                "start": r["char_start"],
                "end": r["char_end"],
            },
            "snippet": display.snippet(
                r["text"], r["char_start"], set(self.terms), r["language"]
            ).to_dict(),
            "passages": self.passages,
        }


@dataclass
class SearchOutcome:
    hits: list[Hit]
    mode: str  # hybrid, lexical
    expansions: list[str] = field(default_factory=list)
    vectors_missing: int = 0
    #: cosine of the passage closest to the query in meaning, among those the requester
    #: may read and the filters keep (None: lexical search only)
    closest: float | None = None


@dataclass
class DenseQuery:
    """A query's vector and, computed with its batch, its scores against ``index``."""

    space: str
    vector: Matrix
    index: ExactIndex
    scores: Matrix


@dataclass
class Rankings:
    lexical: list[tuple[int, float]]
    dense: list[tuple[int, float]]
    fused: list[tuple[int, float]]
    expansions: list[str]
    mode: str
    vectors_missing: int
    terms: list[str] = field(default_factory=list)
    #: the vector index the dense ranking read (None: lexical only)
    index: ExactIndex | None = None


class Searcher:
    """Search for any requester, from any thread: each call reads through the calling
    thread's connection (``conn()``); the vector index is loaded once and shared."""

    def __init__(
        self,
        conn: Callable[[], sqlite3.Connection],
        settings: SearchSettings,
        embedder: Callable[[], Embedder | None],
        lexicon: Callable[[], Lexicon],
    ) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.settings = settings
        self._embedder = embedder
        self._lexicon = lexicon
        self._index: ExactIndex | None = None
        self._missing_cache: dict[tuple[str, tuple[int, ...]], int] = {}
        self._missing_stamp: tuple[int, int] | None = None
        self._batchers: dict[int, QueryBatcher[DenseQuery]] = {}

    def scope(self, authority: Authority, filters: SearchFilters | None = None) -> list[int]:
        """Readable label ids — the full-text partitions and vectors a search may touch —
        kept by the label filter, if any."""
        labels = all_labels(self.conn)
        allowed = readable(authority, labels)
        return allowed if filters is None else filters.labels(allowed, dict(labels))

    def _eligible(self, allowed: list[int], where: str, params: list[Any]) -> list[int]:
        """Chunk ids the filters keep among ``allowed`` labels (for the dense retriever)."""
        marks = ",".join("?" * len(allowed))
        rows = self.conn.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
            f" WHERE c.retracted = 0 AND c.label_id IN ({marks}) AND ({where})",
            (*allowed, *params),
        )
        return [int(r[0]) for r in rows]

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn()

    def _dense_index(self, model: str, stamp: tuple[int, int]) -> ExactIndex:
        index = self._index
        if index is None or index.version != stamp:
            with self._lock:  # one thread reloads; the others wait for its index
                index = self._index
                if index is None or index.version != stamp:
                    index = self._index = ExactIndex.load(self.conn, model)
        return index

    def _missing(self, model: str, allowed: list[int], stamp: tuple[int, int]) -> int:
        """Visible chunks without a vector, recounted only when chunks or vectors change."""
        if self._missing_stamp != stamp:
            self._missing_cache.clear()
            self._missing_stamp = stamp
        key = (model, tuple(allowed))
        if key not in self._missing_cache:
            self._missing_cache[key] = count_missing(self.conn, model, allowed)
        return self._missing_cache[key]

    def rankings(
        self,
        query: str,
        authority: Authority,
        depth: int,
        filters: SearchFilters | None = None,
    ) -> Rankings:
        """Each retriever's ranked chunk ids (best first), already restricted to what
        ``authority`` may read and to what ``filters`` keep, and their fusion."""
        query = query.strip()[:MAX_QUERY_CHARS]
        if not query or not analyzer.tokens(query):
            raise QueryError(Msg("requête vide"))
        expansions = self._lexicon().expand(query) if self.settings.expand else []
        terms = analyzer.query_terms(" ".join([query, *expansions]))
        embedder = self._embedder()  # loaded (and its model verified) outside the snapshot
        dense = None
        if embedder is not None:  # embedded outside it too, with concurrent searches'
            dense_query = query if not expansions else f"{query} ({'; '.join(expansions)})"
            dense = self._batcher(embedder).query(dense_query)
        with snapshot(self.conn):  # labels, texts and vectors read at one instant
            return self._rank(terms, expansions, authority, depth, dense, filters)

    def _batcher(self, embedder: Embedder) -> QueryBatcher[DenseQuery]:
        batcher = self._batchers.get(id(embedder))
        if batcher is None:
            with self._lock:  # one batcher per embedder, however many threads ask at once
                batcher = self._batchers.get(id(embedder))
                if batcher is None:
                    batcher = QueryBatcher(
                        lambda texts: self._dense_batch(embedder, texts), usable_cpus()
                    )
                    self._batchers[id(embedder)] = batcher
        return batcher

    def _dense_batch(self, embedder: Embedder, texts: list[str]) -> list[DenseQuery]:
        """The queries' vectors, and their scores against every stored vector computed in
        one pass over the index (read once for the batch, not once per query)."""
        vectors = embedder.queries(texts)
        index = self._dense_index(embedder.space, signature(self.conn))
        scores = index.scores(vectors)
        return [DenseQuery(embedder.space, vectors[i], index, scores[i]) for i in range(len(texts))]

    def _rank(
        self,
        terms: list[str],
        expansions: list[str],
        authority: Authority,
        depth: int,
        dense: DenseQuery | None,
        filters: SearchFilters | None,
    ) -> Rankings:
        allowed = self.scope(authority, filters)
        if not allowed:
            return Rankings([], [], [], [], "lexical", 0, terms)
        where, params = filters.sql() if filters is not None else ("", [])
        lexical_hits = lexical.bm25(self.conn, terms, allowed, depth, where, params)
        if dense is None:
            return Rankings(lexical_hits, [], lexical_hits, expansions, "lexical", 0, terms)
        stamp = signature(self.conn)
        only = self._eligible(allowed, where, params) if where else None
        index = self._dense_index(dense.space, stamp)
        # the batch's scores hold if the index is still the one they were computed on
        scores = dense.scores if index is dense.index else None
        dense_hits = index.search(dense.vector, allowed, depth, only, scores)
        fused = rrf([[i for i, _ in lexical_hits], [i for i, _ in dense_hits]], self.settings.rrf_k)
        missing = self._missing(dense.space, allowed, stamp)
        return Rankings(
            lexical_hits, dense_hits, fused, expansions, "hybrid", missing, terms, index
        )

    def search(
        self,
        query: str,
        authority: Authority,
        limit: int | None = None,
        filters: SearchFilters | None = None,
        per_document: bool = False,
    ) -> SearchOutcome:
        """The top ``limit`` passages — or, ``per_document``, the best passage of each of
        the top ``limit`` documents — among what ``authority`` may read and ``filters``
        keep. Preferring graded sources reorders the same candidates."""
        limit = limit or self.settings.limit
        ranked = self.rankings(query, authority, max(self.settings.candidates, limit), filters)
        fused = ranked.fused
        counts: dict[int, int] = {}
        if filters is not None and filters.prefer_graded:
            grades = documents.chunk_documents(self.conn, [i for i, _ in fused])
            fused = sorted(
                ((cid, s * grade_weight(grades[cid][1])) for cid, s in fused if cid in grades),
                key=lambda h: (-h[1], h[0]),
            )
        if per_document:
            owners = self._owners([i for i, _ in fused], ranked.index)
            fused, counts = _best_per_document([h for h in fused if h[0] in owners], owners)
        return SearchOutcome(
            self._hits(fused[:limit], tuple(ranked.terms), counts),
            ranked.mode,
            ranked.expansions,
            ranked.vectors_missing,
            ranked.dense[0][1] if ranked.dense else None,
        )

    def _owners(self, chunk_ids: list[int], index: ExactIndex | None) -> dict[int, int]:
        """Chunk id → document id: from the vector index the ranking read, from the store
        for the chunks it lacks."""
        known = index.owners(chunk_ids) if index is not None else {}
        rest = [cid for cid in chunk_ids if cid not in known]
        if rest:
            known.update(
                (cid, doc) for cid, (doc, _) in documents.chunk_documents(self.conn, rest).items()
            )
        return known

    def present(self, terms: list[str], authority: Authority) -> set[str]:
        """Which index terms occur somewhere in what ``authority`` may read."""
        allowed = self.scope(authority)
        if not allowed or not terms:
            return set()
        with snapshot(self.conn):
            return lexical.present(self.conn, terms, allowed)

    def _hits(
        self, ranked: list[tuple[int, float]], terms: tuple[str, ...], counts: dict[int, int]
    ) -> list[Hit]:
        rows = documents.chunk_rows(self.conn, [i for i, _ in ranked])
        kept = [(cid, score) for cid, score in ranked if cid in rows]
        return [
            Hit(n, score, cid, rows[cid], terms, counts.get(cid, 1))
            for n, (cid, score) in enumerate(kept, start=1)
        ]


def _best_per_document(
    ranked: list[tuple[int, float]], owners: dict[int, int]
) -> tuple[list[tuple[int, float]], dict[int, int]]:
    """The first (best) passage of each document, in order, and how many of its passages
    were among the candidates."""
    first: dict[int, int] = {}
    counts: dict[int, int] = {}
    kept = []
    for cid, score in ranked:
        doc = owners[cid]
        if doc not in first:
            first[doc] = cid
            kept.append((cid, score))
        counts[first[doc]] = counts.get(first[doc], 0) + 1
    return kept, counts
