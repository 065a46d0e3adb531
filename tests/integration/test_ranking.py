"""Ranking must not leak (SECURITY.md §3): adding content a requester may not read — at any
level, including their own level under a compartment or a releasability they lack — leaves
their result ids, ranks and scores identical to the bit, in lexical and hybrid search."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from egide.app import App
from egide.retrieve.hybrid import Searcher
from egide.security.access import may_read
from egide.security.labels import Label, Level
from egide.security.principals import Authority
from egide.settings import SearchSettings, load_settings
from egide.store.db import open_db, transaction
from egide.store.labels import label_id
from egide.store.vectors import Matrix

WORDS = [
    "pont",
    "sarvik",
    "kelmar",
    "convoi",
    "blindes",
    "gare",
    "patrouille",
    "virna",
    "drone",
    "brouillage",
    "depot",
    "munitions",
    "colonne",
    "brigade",
    "gue",
    "lipno",
    "resna",
    "bois",
    "camion",
    "artillerie",
    "radar",
]
QUERIES = ["pont Sarvik", "convoi blindés gare", "drone brouillage radar", "dépôt munitions"]
COMPARTMENTS = ("OTAN", "OPS-ALPHA", "NUC")
NATIONS = ("FRA", "DEU", "USA", "GBR")


class HashEmbedder:
    """Deterministic bag-of-words vectors: enough for the dense half of hybrid search."""

    part_id = "embed.test-hash.v1"
    space = "test-hash"
    dim = 64

    def _one(self, text: str) -> Matrix:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.sha256(word.encode()).digest()
            vec[digest[0] % self.dim] += 1.0 + digest[1] / 255
        norm = float(np.linalg.norm(vec)) or 1.0
        return vec / norm

    def passages(self, texts: list[str]) -> Matrix:
        return np.stack([self._one(t) for t in texts])

    def query(self, text: str) -> Matrix:
        return self._one(text)

    def queries(self, texts: list[str]) -> Matrix:
        return np.stack([self._one(t) for t in texts])


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))


def _add(app: App, label: Label, text: str, embedder: HashEmbedder | None) -> None:
    """One document of one chunk, written as the ingest writes it (terms, label, vector)."""
    from egide.retrieve import analyzer

    conn = app.db
    with transaction(conn):
        lid = label_id(conn, label)
        n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        doc = conn.execute(
            "INSERT INTO documents (uid, content_hash, label_id, path, language, ingested_at,"
            " ingested_by, text, parts) VALUES (?, ?, ?, 'p', 'fr', 't', 'u', ?, '{}')",
            (f"doc-{n}", f"h{n}", lid, text),
        ).lastrowid
        cid = conn.execute(
            "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text, terms,"
            " chunker) VALUES (?, ?, 0, 0, ?, ?, ?, 't')",
            (doc, lid, len(text), text, analyzer.terms(text, "fr")),
        ).lastrowid
        if embedder is not None:
            conn.execute(
                "INSERT INTO vectors (chunk_id, label_id, model, dim, vec) VALUES (?, ?, ?, ?, ?)",
                (cid, lid, embedder.space, embedder.dim, embedder.query(text).tobytes()),
            )


def _results(searcher: Searcher, authority: Authority) -> list[list[tuple[int, int, str]]]:
    """Per query: (rank, chunk id, score as its exact bits)."""
    return [
        [(h.rank, h.chunk_id, float(h.score).hex()) for h in searcher.search(q, authority, 20).hits]
        for q in QUERIES
    ]


def _random_label(rng: random.Random) -> Label:
    rel = None if rng.random() < 0.4 else frozenset(rng.sample(NATIONS, rng.randint(1, 3)))
    comps = frozenset(rng.sample(COMPARTMENTS, rng.choice([0, 0, 1, 2])))
    return Label(Level(rng.randint(0, 3)), comps, rel)


def _hidden_near(rng: random.Random, authority: Authority) -> Label:
    """A label the requester may not read, as close to their own as possible: their level
    with a compartment they lack, or with a releasability that leaves them out."""
    level = Level(max(0, min(3, authority.level)))
    lacking = [c for c in COMPARTMENTS if c not in authority.compartments]
    foreign = [n for n in NATIONS if n not in authority.nationalities]
    if lacking and (rng.random() < 0.5 or not foreign):
        return Label(level, frozenset({rng.choice(lacking)}))
    return Label(level, frozenset(), frozenset({rng.choice(foreign)}))


def test_hidden_documents_leave_every_score_identical_for_random_users(tmp_path: Path) -> None:
    rng = random.Random(1212)
    app = App(load_settings(home=tmp_path / "store", embed={"model": "none"}))
    app.init_store(dev=True)
    embedder = HashEmbedder()
    hybrid = Searcher(lambda: app.db, SearchSettings(), lambda: embedder, lambda: app.lexicon)
    lexical = Searcher(lambda: app.db, SearchSettings(), lambda: None, lambda: app.lexicon)
    for _ in range(80):
        _add(app, _random_label(rng), _text(rng), embedder)
    checked = 0
    for _ in range(12):
        authority = Authority(
            rng.randint(0, 3),
            frozenset(rng.sample(COMPARTMENTS, rng.randint(0, 2))),
            frozenset({rng.choice(NATIONS)}),
        )
        before = (_results(lexical, authority), _results(hybrid, authority))
        for i in range(25):
            label = _hidden_near(rng, authority) if i % 2 else _random_label(rng)
            if may_read(authority, label):
                continue
            # hidden text made of the query words, so that leaking statistics would show
            words = " ".join(rng.choice(QUERIES) for _ in range(rng.randint(1, 6)))
            _add(app, label, words, embedder)
        after = (_results(lexical, authority), _results(hybrid, authority))
        assert after == before, authority
        checked += sum(len(r) for r in before[0] + before[1])
    assert checked > 100, "the users found something to compare"
    app.close()


_LABELS = st.builds(
    Label,
    st.sampled_from(list(Level)),
    st.frozensets(st.sampled_from(COMPARTMENTS), max_size=2),
    st.one_of(st.none(), st.frozensets(st.sampled_from(NATIONS), min_size=1, max_size=3)),
)
_AUTHORITIES = st.builds(
    Authority,
    st.integers(0, 3),
    st.frozensets(st.sampled_from(COMPARTMENTS), max_size=3),
    st.frozensets(st.sampled_from(NATIONS), min_size=1, max_size=1),
)


@settings(max_examples=40, deadline=None)
@given(
    authority=_AUTHORITIES,
    base=st.lists(st.tuples(_LABELS, st.integers(0, 10**6)), min_size=1, max_size=12),
    extra=st.lists(st.tuples(_LABELS, st.integers(0, 10**6)), min_size=1, max_size=12),
)
def test_property_unreadable_labels_never_move_a_lexical_score(
    authority: Authority,
    base: list[tuple[Label, int]],
    extra: list[tuple[Label, int]],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        app = App(load_settings(home=Path(tmp) / "s", embed={"model": "none"}, user=None))
        app._db = open_db(app.home, create=True)
        searcher = Searcher(lambda: app.db, SearchSettings(), lambda: None, lambda: app.lexicon)
        for label, seed in base:
            _add(app, label, _text(random.Random(seed)), None)
        before = _results(searcher, authority)
        for label, seed in extra:
            if not may_read(authority, label):
                _add(app, label, " ".join(QUERIES) + " " + _text(random.Random(seed)), None)
        assert _results(searcher, authority) == before
        app.close()
