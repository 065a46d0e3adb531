"""Ingest that does not wait for vectors: lexical search at once, a background indexer,
``egide index --wait``, and an indexer killed mid-way whose work a re-run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import Result
from tests.e2e.test_cli import setup_store
from tests.fixtures import PARAGRAPH_EN, PARAGRAPH_FR

Run = Callable[..., Result]


def write_docs(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i:03}.txt").write_text(
            f"Rapport {i}. {PARAGRAPH_FR}\n\n{PARAGRAPH_EN} Référence {i}.", encoding="utf-8"
        )
    return folder


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        vectors = conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    return int(chunks), int(vectors)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_no_wait_ingest_then_killed_indexer_then_index_wait(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    docs = write_docs(tmp_path / "docs", 80)
    db = tmp_path / "store" / "egide.db"
    small_batches = {"EGIDE_EMBED__BATCH_SIZE": "4"}
    res = egide(
        "ingest", str(docs), "--label", "DR", "--no-wait", "--json", user="ana.s", **small_batches
    )
    assert res.code == 0, res.err
    data = res.json()
    assert data["ingested"] == 80 and data["vectors"] == 0 and data["vectors_pending"] > 0
    pid = data["indexer"]
    # lexically searchable at once, whatever the indexer has done yet
    # every passage: which of a document's passages leads depends on the vectors written
    # so far (the one with "Référence 42" may), not on lexical search
    hits = egide("search", "Rapport 42", "--all-passages", "--json", user="ana.dr").json()
    assert any("Rapport 42" in h["chunk"]["text"] for h in hits["results"])
    chunks, done = counts(db)
    deadline = time.time() + 240
    while time.time() < deadline and alive(pid):
        chunks, done = counts(db)
        if done >= 8:
            break
        time.sleep(0.05)
    assert alive(pid), "the indexer finished before it could be interrupted"
    os.kill(pid, signal.SIGKILL)
    while alive(pid):  # reaped by init: wait until it is gone
        time.sleep(0.05)
    chunks, done = counts(db)
    assert 8 <= done < chunks
    res = egide("index", "--wait", "--json", user="ana.s")
    assert res.code == 0, res.err
    assert res.json() == {"vectors": chunks - done, "missing": 0}
    assert counts(db) == (chunks, chunks)
    assert egide("index", "--background", "--json", user="ana.s").json() == {
        "vectors_pending": 0,
        "indexer": None,
    }
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_search_says_when_vectors_are_missing(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    docs = write_docs(tmp_path / "docs", 3)
    res = egide(
        "ingest", str(docs), "--label", "DR", "--json", user="ana.s", EGIDE_EMBED__MODEL="none"
    )
    assert res.code == 0, res.err
    out = egide("search", "Rapport", "--json", user="ana.dr").json()
    assert out["vectors_missing"] > 0
    text = egide("search", "Rapport", user="ana.dr").out
    assert "sans vecteur" in text and "egide index --wait" in text
    res = egide("index", "--json", user="ana.dr")
    assert res.json()["missing"] == 0
    assert "vectors_missing" not in egide("search", "Rapport", "--json", user="ana.dr").json()
