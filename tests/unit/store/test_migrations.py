"""Migration 0008 on a store written by schema 7: label partitions, and protected content
stored under a marking without releasability tightened to Spécial France (or to the NATO
nations under the OTAN compartment)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from egide.security.access import readable
from egide.security.labels import Level
from egide.security.principals import Authority
from egide.store import fts
from egide.store.db import _migrations, connect, open_db
from egide.store.labels import all_labels, label_by_id

DEU_OTAN = Authority(int(Level.S), frozenset({"OTAN"}), frozenset({"DEU"}))
FRA_S = Authority(int(Level.S), frozenset({"OTAN"}), frozenset({"FRA"}))


def schema_7(home: Path) -> sqlite3.Connection:
    home.mkdir()
    conn = connect(home / "egide.db")
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT '')"
    )
    for version, name, sql in _migrations():
        if version <= 7:
            conn.executescript(
                f"BEGIN; {sql}; INSERT INTO schema_migrations (version, name)"
                f" VALUES ({version}, '{name}'); COMMIT;"
            )
    return conn


def old_document(conn: sqlite3.Connection, label_id: int, content: str, terms: str) -> int:
    doc = conn.execute(
        "INSERT INTO documents (uid, content_hash, label_id, path, language, ingested_at,"
        " ingested_by, text, parts) VALUES (?, ?, ?, 'p', 'fr', 't', 'u', ?, '{}')",
        (f"doc-{content}-{label_id}", content, label_id, content),
    ).lastrowid
    cid = conn.execute(
        "INSERT INTO chunks (document_id, label_id, seq, char_start, char_end, text, terms,"
        " chunker) VALUES (?, ?, 0, 0, 1, 'x', ?, 'c')",
        (doc, label_id, terms),
    ).lastrowid
    conn.execute(
        "INSERT INTO vectors (chunk_id, label_id, model, dim, vec)"
        " VALUES (?, ?, 'm', 1, x'00000000')",
        (cid, label_id),
    )
    conn.execute(
        "INSERT OR IGNORE INTO entities (kind, norm, name, label_id) VALUES ('LOC', 'sarvik',"
        " 'Sarvik', ?)",
        (label_id,),
    )
    entity = conn.execute(
        "SELECT id FROM entities WHERE norm = 'sarvik' AND label_id = ?", (label_id,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO mentions (entity_id, document_id, label_id, char_start, char_end, surface,"
        " part) VALUES (?, ?, ?, 0, 1, 'Sarvik', 'ner')",
        (entity, doc, label_id),
    )
    return int(doc or 0)


def test_a_store_from_schema_7_gets_its_label_partitions(tmp_path: Path) -> None:
    conn = schema_7(tmp_path / "old")
    conn.execute("BEGIN")
    old_document(conn, 1, "np", "canari")
    old_document(conn, 3, "s", "autre")
    conn.execute("COMMIT")
    conn.close()
    conn = open_db(tmp_path / "old")
    assert fts.partitions(conn) >= {1, 2, 3, 4}
    assert fts.ensure_partitions(conn) == 0  # idempotent
    assert fts.integrity_ok(conn)
    counts = {
        lid: conn.execute(
            f"SELECT COUNT(*) FROM {fts.table(lid)} WHERE {fts.table(lid)} MATCH 'canari OR autre'"
        ).fetchone()[0]
        for lid in fts.partitions(conn)
    }
    assert counts[1] == 1 and sum(counts.values()) == 2


def test_protected_content_without_releasability_is_tightened(tmp_path: Path) -> None:
    conn = schema_7(tmp_path / "old")
    conn.execute("BEGIN")
    otan = conn.execute(
        "INSERT INTO labels (canonical, level, compartments) VALUES ('SECRET – OTAN', 2,"
        " '[\"OTAN\"]')"
    ).lastrowid
    sf = conn.execute(
        "INSERT INTO labels (canonical, level, releasability) VALUES"
        " ('SECRET – SPÉCIAL FRANCE', 2, '[\"FRA\"]')"
    ).lastrowid
    national = old_document(conn, 3, "national", "canari")
    nato = old_document(conn, int(otan or 0), "nato", "canari")
    twin = old_document(conn, 3, "twin", "jumeau")  # same text also stored at S//SF
    old_document(conn, int(sf or 0), "twin", "jumeau")
    public = old_document(conn, 1, "public", "canari")
    conn.execute(
        "INSERT INTO products (uid, kind, label_id, requester, engine, question_sha256, body,"
        " body_sha256, created_at) VALUES ('FS-1', 'brief', 3, 'u', 'e', 'q',"
        " '{\"label\":\"SECRET\"}', 'h', 't')"
    )
    conn.execute("COMMIT")
    conn.close()

    conn = open_db(tmp_path / "old")
    labels = dict(all_labels(conn))

    def label_of(doc: int) -> str:
        lid = conn.execute("SELECT label_id FROM documents WHERE id = ?", (doc,)).fetchone()[0]
        return labels[lid].canonical()

    assert label_of(national) == "SECRET – SPÉCIAL FRANCE"
    assert label_of(nato) == "SECRET – OTAN – REL OTAN"
    assert "DEU" in (
        label_by_id(
            conn, conn.execute("SELECT label_id FROM documents WHERE id = ?", (nato,)).fetchone()[0]
        ).releasability
        or ()
    )
    assert label_of(public) == "NON PROTÉGÉ"
    # every row of a document moved with it
    for table in ("chunks", "mentions"):
        rows = conn.execute(
            f"SELECT DISTINCT t.label_id FROM {table} t JOIN documents d ON d.id = t.document_id"
            f" WHERE d.retracted_at IS NULL AND t.label_id != d.label_id"
        ).fetchall()
        assert rows == [], table
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM vectors v JOIN chunks c ON c.id = v.chunk_id"
            " WHERE v.label_id != c.label_id"
        ).fetchone()[0]
        == 0
    )
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.label_id != e.label_id"
        ).fetchone()[0]
        == 0
    )
    # the legacy twin is retracted (kept, out of every index), not duplicated or deleted
    row = conn.execute("SELECT retracted_at FROM documents WHERE id = ?", (twin,)).fetchone()
    assert row[0] is not None
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM chunks WHERE document_id = ? AND retracted = 0", (twin,)
        ).fetchone()[0]
        == 0
    )
    # what a German officer with S + OTAN may now read holds nothing national
    seen = set(readable(DEU_OTAN, all_labels(conn)))
    live = {r[0] for r in conn.execute("SELECT label_id FROM chunks WHERE retracted = 0")}
    assert {labels[i].canonical() for i in seen & live} == {
        "NON PROTÉGÉ",
        "SECRET – OTAN – REL OTAN",
    }
    assert {labels[i].canonical() for i in set(readable(FRA_S, all_labels(conn))) & live} == {
        "NON PROTÉGÉ",
        "SECRET – OTAN – REL OTAN",
        "SECRET – SPÉCIAL FRANCE",
    }
    hits = 0
    for lid in seen:
        t = fts.table(lid)
        hits += conn.execute(f"SELECT COUNT(*) FROM {t} WHERE {t} MATCH 'canari'").fetchone()[0]
    assert hits == 2  # the public and the NATO document, not the national one
    product = conn.execute("SELECT label_id, body, flags FROM products").fetchone()
    assert labels[product[0]].canonical() == "SECRET – SPÉCIAL FRANCE"
    assert json.loads(product[1])["label"] == "SECRET – SPÉCIAL FRANCE"
    assert json.loads(product[2])[0]["kind"] == "remarked"
    assert fts.integrity_ok(conn)
