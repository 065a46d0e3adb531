"""PDF pages: the text layer when there is one, Tesseract only for the scanned pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from egide.errors import EmptyError, OcrUnavailableError
from egide.ingest.loaders import RawDocument, loader_for
from egide.settings import OcrSettings
from tests.fixtures import PARAGRAPH_FR, write_mixed_pdf, write_pdf, write_scan

SCANNED = "Le dépôt de carburant de Kelmar a été détruit dans la nuit."


def _load(path: Path, settings: OcrSettings | None = None) -> RawDocument:
    [raw] = loader_for(path, settings or OcrSettings()).load(path, path.read_bytes())
    return raw


def _absent(tmp_path: Path) -> OcrSettings:
    return OcrSettings(tesseract=str(tmp_path / "no-such-tesseract"))


def test_a_pdf_with_a_text_layer_is_never_recognised(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "texte.pdf", [PARAGRAPH_FR, "Deuxième page."])
    raw = _load(path, _absent(tmp_path))  # Tesseract is not even looked for
    assert "Arkadi Volnec" in raw.pages[0]
    assert "ocr" not in raw.meta and raw.parts == {}


def test_a_scanned_pdf_is_recognised_page_by_page(tmp_path: Path) -> None:
    raw = _load(write_scan(tmp_path / "scan.pdf", [PARAGRAPH_FR, SCANNED]))
    assert "Arkadi Volnec" in raw.pages[0] and "Kelmar" in raw.pages[1]
    record = raw.meta["ocr"]
    assert [(p["page"], p["dpi"]) for p in record["pages"]] == [(1, 300), (2, 300)]
    assert all(p["confidence"] > 80 for p in record["pages"])
    assert raw.parts == {"ocr": "ocr.tesseract.v1"}


def test_only_the_pages_without_text_of_a_mixed_pdf_are_recognised(tmp_path: Path) -> None:
    raw = _load(write_mixed_pdf(tmp_path / "mixte.pdf", PARAGRAPH_FR, SCANNED))
    assert [p["page"] for p in raw.meta["ocr"]["pages"]] == [2]
    assert " ".join(raw.pages[0].split()) == " ".join(PARAGRAPH_FR.split())  # the layer, as is
    assert " ".join(raw.pages[1].split()) == SCANNED


def test_a_scanned_pdf_without_tesseract_fails_with_the_install_hint(tmp_path: Path) -> None:
    path = write_scan(tmp_path / "scan.pdf", [SCANNED])
    with pytest.raises(OcrUnavailableError) as caught:
        _load(path, _absent(tmp_path))
    assert "apt-get install tesseract-ocr" in caught.value.render("fr")


def test_a_page_too_large_for_the_pixel_limit_is_rendered_at_a_lower_resolution(
    tmp_path: Path,
) -> None:
    path = write_scan(tmp_path / "scan.pdf", [SCANNED])
    raw = _load(path, OcrSettings(max_pixels=600_000))
    [page] = raw.meta["ocr"]["pages"]
    assert 150 < page["dpi"] < 300
    assert "Kelmar" in raw.pages[0]


def test_a_blank_pdf_is_empty_without_recognition(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "blanc.pdf", [""])
    with pytest.raises(EmptyError):
        _load(path, _absent(tmp_path))
