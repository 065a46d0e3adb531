"""The command line end to end: init, users, ingest with partial failures, search, stats,
errors, and a kill -9 in the middle of an ingest."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from egide.store import fts
from tests.e2e.conftest import Result, egide_env
from tests.fixtures import PARAGRAPH_EN, PARAGRAPH_FR, write_pdf

Run = Callable[..., Result]


def setup_store(egide: Run) -> None:
    assert egide("init", "--dev", "--json").json()["created"] is True
    for name, level, nation in (("ana.dr", "DR", "FRA"), ("ana.s", "S", "FRA")):
        res = egide("user", "add", name, "--clearance", level, "--nationality", nation, "--json")
        assert res.code == 0, res.err


def test_init_user_ingest_search_stats(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    assert egide("init", "--json").json()["created"] is False
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PARAGRAPH_FR, encoding="utf-8")
    write_pdf(docs / "b.pdf", [PARAGRAPH_EN])
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (docs / "c.xyz").write_text("?", encoding="utf-8")
    res = egide("ingest", str(docs), "--label", "DR", "--grade", "B2", "--json", user="ana.s")
    assert res.code == 3, res.err
    data = res.json()
    assert data["ingested"] == 2 and data["duplicates"] == 0
    assert {(Path(f["path"]).name, f["code"]) for f in data["failed"]} == {
        ("broken.pdf", "E-INGEST-CORRUPT"),
        ("c.xyz", "E-INGEST-FORMAT"),
    }
    assert all(f["message"].startswith(f"[{f['code']}]") for f in data["failed"])
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.txt").write_text("Canari-s-5521 : le pont de Sarvik sera miné.", encoding="utf-8")
    assert egide("ingest", str(secret), "--label", "SECRET", "--json", user="ana.s").code == 0

    res = egide("search", "pont de Sarvik", "--limit", "5", "--json", user="ana.dr")
    assert res.code == 0, res.err
    results = res.json()["results"]
    assert results and {r["label"] for r in results} == {"DIFFUSION RESTREINTE – SPÉCIAL FRANCE"}
    first = results[0]
    assert set(first) == {"rank", "score", "label", "document", "chunk", "snippet", "passages"}
    assert set(first["document"]) == {
        "id",
        "path",
        "title",
        "label",
        "marking",
        "grade",
        "date",
        "source",
        "language",
    }
    assert first["document"]["marking"] == "DR"
    assert set(first["chunk"]) == {"id", "text", "start", "end"}
    assert first["document"]["grade"] == "B2"
    res = egide("search", "canari pont Sarvik", "--json", user="ana.s")
    assert any("Canari-s-5521" in r["chunk"]["text"] for r in res.json()["results"])

    assert egide("stats", "--json", user="ana.dr").json() == {
        "documents": 2,
        "chunks": 2,
        "by_label": {"DIFFUSION RESTREINTE – SPÉCIAL FRANCE": 2},
    }
    assert egide("stats", "--json", user="ana.s").json()["by_label"] == {
        "DIFFUSION RESTREINTE – SPÉCIAL FRANCE": 2,
        "SECRET – SPÉCIAL FRANCE": 1,
    }

    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "q1", "query": "pont de Sarvik"}\n{"id": "q2", "query": "convoy"}\n'
        '{"id": "q3", "query": "   "}\n',
        encoding="utf-8",
    )
    lines = egide("search", "--batch", str(batch), "--limit", "2", "--json", user="ana.dr").lines()
    assert [line["id"] for line in lines] == ["q1", "q2", "q3"]
    assert len(lines[0]["results"]) == 2 and lines[2]["error"]["code"] == "E-QUERY"


def test_errors_are_coded_french_by_default_and_english_on_request(
    egide: Run, tmp_path: Path
) -> None:
    res = egide("search", "pont")
    assert res.code == 2
    assert res.err.startswith("[E-STORE-MISSING] Aucun magasin Égide") and "egide init" in res.err
    assert "Traceback" not in res.err
    res = egide("--lang", "en", "search", "pont")
    assert res.err.startswith("[E-STORE-MISSING] No Égide store")
    setup_store(egide)
    (tmp_path / "a.txt").write_text("texte", encoding="utf-8")
    res = egide("ingest", str(tmp_path / "a.txt"), "--label", "SECERT", user="ana.s")
    assert res.code == 2 and res.err.startswith("[E-LABEL]")
    res = egide("search", "pont", user="intrus")
    assert res.code == 4 and res.err.startswith("[E-IDENTITY]")
    res = egide("user", "add", "x", "--clearance", "S", "--nationality", "FRA", user="ana.s")
    assert res.code == 4 and res.err.startswith("[E-ACCESS-DENIED]")
    res = egide("user", "add", "x", "--clearance", "Z", "--nationality", "FRA")
    assert res.code == 2 and res.err.startswith("[E-USER]")


def test_identity_override_only_in_dev_stores(egide: Run) -> None:
    assert egide("init", "--json").json()["dev"] is False
    assert egide("user", "add", "ana", "--clearance", "S", "--nationality", "FRA").code == 0
    # EGIDE_USER is ignored: the OS login (the administrator) is used
    assert egide("user", "list", "--json", user="ana").code == 0
    res = egide("stats", "--json", user="ana")
    assert res.code == 0 and res.json()["documents"] == 0


def test_kill_9_mid_ingest_then_rerun_completes_without_duplicates(
    egide: Run, tmp_path: Path
) -> None:
    setup_store(egide)
    docs = tmp_path / "many"
    docs.mkdir()
    n = 60
    for i in range(n):
        (docs / f"d{i:03}.txt").write_text(
            f"Document {i}. {PARAGRAPH_FR} {PARAGRAPH_EN} {i}", encoding="utf-8"
        )
    db = tmp_path / "store" / "egide.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "egide", "ingest", str(docs), "--label", "DR", "--json"],
        env=egide_env(tmp_path / "store", "ana.s"),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 240
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        if stored >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 5 <= partial < n
        orphans = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM chunks c WHERE c.document_id = d.id)"
        ).fetchone()[0]
        assert orphans == 0, "no half-written document"
    res = egide("ingest", str(docs), "--label", "DR", "--json", user="ana.s")
    assert res.code == 0, res.err
    data = res.json()
    assert data["ingested"] + data["duplicates"] == n and data["duplicates"] >= partial
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n
        assert conn.execute("SELECT COUNT(DISTINCT content_hash) FROM documents").fetchone()[0] == n
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM chunks c LEFT JOIN vectors v ON "
                "v.chunk_id = c.id WHERE v.chunk_id IS NULL"
            ).fetchone()[0]
            == 0
        )
        assert fts.integrity_ok(conn)
        chain = conn.execute("SELECT COUNT(*) FROM audit WHERE action = 'ingest'").fetchone()[0]
        assert chain == n
    hits = egide("search", "Document 42", "--json", user="ana.dr").json()["results"]
    assert hits
