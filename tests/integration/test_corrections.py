"""Correcting mistakes (SECURITY.md §3): show a document in full, reclassify it with all its
rows, retract it at once from search, counts and new products, flag the products citing
it; security officers and administrators only, audited, deny by default."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.document import correct, view
from egide.errors import (
    AccessDeniedError,
    DocumentNotFoundError,
    DocumentStateError,
    ProductNotFoundError,
)
from egide.ingest.runner import ingest
from egide.products import brief, lifecycle
from egide.security.principals import make_user
from egide.store import fts, users
from egide.store.db import transaction
from tests.fixtures import PARAGRAPH_FR

CANARY = "canari-erreur-3141"


@pytest.fixture
def officers(store: App) -> None:
    with transaction(store.db):
        users.add(store.db, make_user("rssi", "S", "FRA", roles=["security_officer"]), store.seal)
        users.add(store.db, make_user("chef", "S", "FRA", roles=["admin"]), store.seal)
        users.add(
            store.db, make_user("rssi.dr", "DR", "FRA", roles=["security_officer"]), store.seal
        )


def write(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root / name


def seed(as_user: Callable[[str], App], tmp_path: Path, label: str = "NP") -> tuple[str, Path]:
    """A mislabelled document among ordinary ones; returns its id and its file."""
    for i in range(4):
        write(tmp_path / "ok", f"{i}.txt", f"Note {i} : la patrouille a franchi le pont de Sarvik.")
    ingest(as_user("s"), [tmp_path / "ok"], "DR")
    path = write(
        tmp_path / "bad",
        "erreur.txt",
        f"Rapport {CANARY} : le pont de Sarvik sera miné le 14 mars 2026 à 49.8123, 66.4521.",
    )
    ingest(as_user("s"), [path], label)
    hit = next(h for h in as_user("s").search(CANARY, limit=5).hits if CANARY in h.row["text"])
    return str(hit.row["uid"]), path


def texts(app: App, query: str = "pont de Sarvik canari erreur") -> str:
    return " ".join(h.row["text"] for h in app.search(query, limit=50).hits)


def audit_actions(app: App) -> list[tuple[str, dict]]:
    rows = app.db.execute("SELECT action, record FROM audit ORDER BY seq").fetchall()
    return [(r["action"], json.loads(r["record"])) for r in rows]


def test_retract_leaves_search_stats_and_new_products_at_once(
    store: App, as_user: Callable[[str], App], tmp_path: Path, officers: None
) -> None:
    uid, path = seed(as_user, tmp_path, "DR")
    analyst = as_user("s")
    product = brief.create(analyst, "pont de Sarvik miné", engine="extractive")
    assert uid in {s.document_id for s in product.sources}
    before = analyst.stats()

    done = correct.retract(as_user("rssi"), as_user("rssi").require_user(), uid, "source fausse")
    assert done["action"] == "retract" and done["products"][0]["id"] == product.id

    for mode in ("none", "auto"):  # lexical and hybrid
        fresh = as_user("s")
        fresh.settings.embed.model = mode
        assert CANARY not in texts(fresh)
    after = as_user("s").stats()
    assert after.documents == before.documents - 1 and after.chunks < before.chunks
    again = brief.create(as_user("s"), "pont de Sarvik miné", engine="extractive")
    assert uid not in {s.document_id for s in again.sources}
    # kept for audit: an officer still sees it, marked retracted; an analyst no longer does
    shown = view.show(as_user("rssi"), as_user("rssi").require_user(), uid)
    assert shown["status"] == "retracted" and CANARY in shown["text"]
    assert shown["corrections"][0]["reason"] == "source fausse"
    with pytest.raises(DocumentNotFoundError):
        view.show(as_user("s"), as_user("s").require_user(), uid)
    record = dict(audit_actions(store))["document.retract"]
    assert record["data"]["document"] == uid and "reason_sha256" in record["data"]
    assert "source fausse" not in json.dumps(record)
    flagged = lifecycle.fetch(analyst, analyst.require_user(), product.id)
    assert flagged["flags"][0]["kind"] == "retracted"
    # re-ingesting the retracted file makes no copy
    count = store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    report = ingest(as_user("s"), [path], "DR")
    assert report.ingested == 0 and report.duplicates == 1
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == count
    with pytest.raises(DocumentStateError):
        correct.retract(as_user("rssi"), as_user("rssi").require_user(), uid, "deux fois")
    assert fts.integrity_ok(store.db)


def test_reclassify_moves_every_row_and_remarks_citing_products(
    store: App, as_user: Callable[[str], App], tmp_path: Path, officers: None
) -> None:
    uid, path = seed(as_user, tmp_path, "NP")
    dr = as_user("dr")
    product = brief.create(dr, "pont de Sarvik miné", engine="extractive")
    assert uid in {s.document_id for s in product.sources}
    assert CANARY in texts(dr)

    officer = as_user("rssi")
    done = correct.reclassify(officer, officer.require_user(), uid, "SECRET", "contenu classifié")
    assert (done["from"], done["to"]) == ("NON PROTÉGÉ", "SECRET – SPÉCIAL FRANCE")

    # gone for the DR analyst (search lexical and hybrid, stats, show), there for S
    for mode in ("none", "auto"):
        low = as_user("dr")
        low.settings.embed.model = mode
        assert CANARY not in texts(low)
        high = as_user("s")
        high.settings.embed.model = mode
        assert CANARY in texts(high)
    assert set(as_user("dr").stats().by_label) == {"DIFFUSION RESTREINTE – SPÉCIAL FRANCE"}
    with pytest.raises(DocumentNotFoundError):
        view.show(as_user("dr"), as_user("dr").require_user(), uid)
    # every row moved, the id did not
    doc = store.db.execute("SELECT id, label_id FROM documents WHERE uid = ?", (uid,)).fetchone()
    for table, key in (("chunks", "document_id"), ("mentions", "document_id")):
        labels = {
            r[0]
            for r in store.db.execute(f"SELECT label_id FROM {table} WHERE {key} = ?", (doc[0],))
        }
        assert labels == {doc[1]}, table
    vec = store.db.execute(
        "SELECT DISTINCT v.label_id FROM vectors v JOIN chunks c ON c.id = v.chunk_id"
        " WHERE c.document_id = ?",
        (doc[0],),
    ).fetchall()
    assert [r[0] for r in vec] == [doc[1]]
    ents = store.db.execute(
        "SELECT DISTINCT e.label_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.document_id = ?",
        (doc[0],),
    ).fetchall()
    assert [r[0] for r in ents] == [doc[1]]
    for lid in fts.partitions(store.db):
        t = fts.table(lid)
        n = store.db.execute(
            f"SELECT COUNT(*) FROM {t} WHERE {t} MATCH ?", ('"' + "3141" + '"',)
        ).fetchone()[0]
        assert n == (1 if lid == doc[1] else 0), lid
    # the product citing it is re-marked SECRET and flagged; its DR requester loses it
    with pytest.raises(ProductNotFoundError):
        lifecycle.fetch(as_user("dr"), as_user("dr").require_user(), product.id)
    row = lifecycle.fetch(as_user("s"), as_user("s").require_user(), product.id)
    assert row["label"] == row["body"]["label"] == "SECRET – SPÉCIAL FRANCE"
    flag = row["flags"][0]
    assert flag["kind"] == "reclassified" and flag["remarked"] and flag["to"] == row["label"]
    assert [p["id"] for p in done["products"]] == [product.id]
    actions = [a for a, _ in audit_actions(store)]
    assert "document.reclassify" in actions and "product.flag" in actions
    # re-ingesting the file, under the old label or the new one, makes no copy
    count = store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert ingest(as_user("s"), [path], "NP").duplicates == 1
    assert ingest(as_user("s"), [path], "SECRET").duplicates == 1
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == count
    assert fts.integrity_ok(store.db)


def test_only_officers_correct_and_every_refusal_is_audited(
    store: App, as_user: Callable[[str], App], tmp_path: Path, officers: None
) -> None:
    uid, _ = seed(as_user, tmp_path, "DR")
    analyst = as_user("s")
    with pytest.raises(AccessDeniedError):
        correct.retract(analyst, analyst.require_user(), uid, "je n'en veux pas")
    with pytest.raises(AccessDeniedError):
        correct.reclassify(analyst, analyst.require_user(), uid, "NP", "plus simple")
    denials = [r for a, r in audit_actions(store) if a == "access.denied"]
    assert len(denials) >= 2 and all(d["actor"] == "s" for d in denials[-2:])
    # an administrator may raise a label, not lower it (that is a security officer's act)
    chef = as_user("chef")
    with pytest.raises(AccessDeniedError):
        correct.reclassify(chef, chef.require_user(), uid, "NP", "déclassification")
    correct.reclassify(chef, chef.require_user(), uid, "SECRET", "relevé")
    officer = as_user("rssi")
    done = correct.reclassify(officer, officer.require_user(), uid, "DR", "erreur de ma part")
    assert done["lowered"] is True
    # a document above the officer's clearance does not exist for them
    small = as_user("rssi.dr")
    correct.reclassify(officer, officer.require_user(), uid, "SECRET", "relevé à nouveau")
    with pytest.raises(DocumentNotFoundError):
        correct.retract(small, small.require_user(), uid, "hors de portée")
    with pytest.raises(DocumentNotFoundError):
        correct.retract(officer, officer.require_user(), "doc-0000000000000000", "inconnu")
    with pytest.raises(DocumentStateError):
        correct.retract(officer, officer.require_user(), uid, "   ")
    with pytest.raises(AccessDeniedError):  # nobody files at a label they could not read
        correct.reclassify(officer, officer.require_user(), uid, "TRÈS SECRET", "plus haut")


def test_show_gives_text_label_marking_grade_provenance_and_spans(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    path = write(tmp_path / "p", "note.txt", PARAGRAPH_FR)
    ingest(as_user("s"), [path], "diffusion restreinte", grade="B2", source="liaison")
    app = as_user("dr")
    uid = app.search("colonne de blindés Sarvik", limit=1).hits[0].row["uid"]
    shown = view.show(app, app.require_user(), uid)
    assert shown["text"].startswith("Le 14 mars 2026")
    assert shown["label"] == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert shown["marking"] == "diffusion restreinte"
    assert shown["grade"] == "B2" and shown["status"] == "live"
    prov = shown["provenance"]
    assert prov["source"] == "liaison" and prov["path"].endswith("note.txt")
    assert prov["ingested_by"] == "s" and len(prov["content_sha256"]) == 64
    assert shown["entities"] and shown["dates"] and shown["coordinates"]
    for group in ("entities", "dates", "coordinates"):
        for m in shown[group]:
            assert shown["text"][m["start"] : m["end"]] == m["text"]
    assert any(d.get("value", "").startswith("2026-03-14") for d in shown["dates"])
    assert any(abs(c["lat"] - 49.8123) < 1e-3 for c in shown["coordinates"])
    assert shown["chunks"][0]["start"] == 0
    assert ("document.show", uid) in {
        (a, r["data"].get("document")) for a, r in audit_actions(store)
    }
