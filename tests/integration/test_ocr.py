"""Scanned documents through the labelled ingest: PDF scans, PNG, JPEG and TIFF rendered at
300 dpi, read by the system's Tesseract, stored and searched like every other format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from egide.app import App
from egide.doctor import diagnose
from egide.ingest.runner import ingest
from tests.fixtures import PARAGRAPH_FR, write_mixed_pdf, write_pdf, write_scan
from tests.integration.test_ingest import docs

SCANS = {
    "scan.pdf": ["Le radar de Tessar a été brouillé pendant deux heures."],
    "scan.png": ["Une patrouille a signalé trois drones au-dessus de Marevo."],
    "scan.jpg": ["The ferry to Kelmar carried forty soldiers on Monday."],
    "scan.tiff": [
        "Première page : le pont de Virna est fermé à la circulation.",
        "Deuxième page : la garnison de Sarvik compte deux cents hommes.",
    ],
}
MIXED_SCAN = "Annexe scannée : le dépôt de munitions de Korven est gardé."


def corpus(root: Path) -> Path:
    root.mkdir()
    for name, pages in SCANS.items():
        write_scan(root / name, pages)
    write_mixed_pdf(root / "mixte.pdf", "Page tapée : relève prévue le 20 mars.", MIXED_SCAN)
    write_pdf(root / "texte.pdf", [PARAGRAPH_FR])
    (root / "note.txt").write_text("Note : rien à signaler.", encoding="utf-8")
    (root / "abime.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return root


def test_scans_are_ingested_labelled_and_searchable(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    app = as_user("s")
    report = ingest(app, [corpus(tmp_path / "in")], "DR", grade="C3")
    assert [(Path(f.path).name, f.error.code) for f in report.failed] == [
        ("abime.png", "E-INGEST-CORRUPT")
    ]
    assert report.ingested == 7 and report.ocr_doubtful == []
    stored = docs(app)
    for name, pages in SCANS.items():
        doc = stored[name]
        assert doc["label"] == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE" and doc["grade"] == "C3"
        assert " ".join(doc["text"].split()) == " ".join(pages)
        meta = json.loads(doc["meta"])
        assert [p["page"] for p in meta["ocr"]["pages"]] == list(range(1, len(pages) + 1))
        assert meta["ocr"]["confidence"] > 80
        assert json.loads(doc["parts"])["ocr"] == "ocr.tesseract.v1"
    assert stored["scan.jpg"]["language"] == "en" and stored["scan.png"]["language"] == "fr"
    tiff = stored["scan.tiff"]
    starts = json.loads(tiff["meta"])["page_starts"]
    assert [tiff["text"][s : s + 8] for s in starts] == ["Première", "Deuxième"]
    mixed = json.loads(stored["mixte.pdf"]["meta"])
    assert [p["page"] for p in mixed["ocr"]["pages"]] == [2]
    assert "ocr" not in json.loads(stored["texte.pdf"]["meta"])
    assert "ocr" not in json.loads(stored["texte.pdf"]["parts"])
    labels = {
        r[0]
        for r in app.db.execute(
            "SELECT DISTINCT l.canonical FROM chunks c JOIN labels l ON l.id = c.label_id"
        )
    }
    assert labels == {"DIFFUSION RESTREINTE – SPÉCIAL FRANCE"}
    for query, expected in (
        ("radar brouillé à Tessar", "scan.pdf"),
        ("drones au-dessus de Marevo", "scan.png"),
        ("ferry soldiers", "scan.jpg"),
        ("garnison de Sarvik", "scan.tiff"),
        ("dépôt de munitions de Korven", "mixte.pdf"),
    ):
        hits = app.search(query, limit=3).hits
        assert hits[0].row["path"].endswith(expected), query
    # below the reader's clearance, the scans are as invisible as any other document
    assert as_user("dr").search("garnison de Sarvik", limit=3).hits
    assert json.loads(stored["scan.png"]["flags"]) == []


def test_without_tesseract_scans_fail_alone_with_the_install_command(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    write_scan(root / "scan.png", SCANS["scan.png"])
    write_scan(root / "scan.pdf", SCANS["scan.pdf"])
    write_pdf(root / "texte.pdf", [PARAGRAPH_FR])
    app = as_user("s")
    app.settings.ingest.ocr.tesseract = str(tmp_path / "no-such-tesseract")
    report = ingest(app, [root], "DR")
    assert sorted((Path(f.path).name, f.error.code) for f in report.failed) == [
        ("scan.pdf", "E-OCR-MISSING"),
        ("scan.png", "E-OCR-MISSING"),
    ]
    assert report.ingested == 1
    rendered = report.failed[0].error.render("fr")
    assert rendered.startswith("[E-OCR-MISSING] ")
    assert "— installez Tesseract" in rendered
    assert "apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng" in rendered


def test_pages_in_doubt_are_reported_and_flagged(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    path = write_scan(tmp_path / "scan.tiff", SCANS["scan.tiff"])
    app = as_user("s")
    app.settings.ingest.ocr.min_confidence = 99.9
    report = ingest(app, [path], "DR")
    assert [(Path(r["path"]).name, r["page"]) for r in report.ocr_doubtful] == [
        ("scan.tiff", 1),
        ("scan.tiff", 2),
    ]
    assert all(0 < r["confidence"] < 99.9 for r in report.ocr_doubtful)
    doc = docs(app)["scan.tiff"]
    flags = json.loads(doc["flags"])
    assert [f["kind"] for f in flags] == ["ocr_low_confidence", "ocr_low_confidence"]
    assert json.loads(doc["meta"])["ocr"]["low_confidence_pages"] == [1, 2]
    assert all(r["unread"] == 0.0 for r in report.ocr_doubtful)
    assert report.to_dict("fr")["ocr_doubtful"] == report.ocr_doubtful


def test_doctor_reports_the_character_recognition(store: App, tmp_path: Path) -> None:
    store.settings.embed.model = "none"
    ocr = diagnose(store)["ocr"]
    assert ocr["ok"] is True and ocr["engine"].startswith("tesseract ")
    assert ocr["languages"] == "fra+eng"
    store.settings.ingest.ocr.tesseract = str(tmp_path / "no-such-tesseract")
    report = diagnose(store)
    assert report["ok"] is False and report["ocr"]["ok"] is False
    assert report["ocr"]["problems"][0].startswith("[E-OCR-MISSING]")
