"""The Tesseract wrapper: its output read back, its absence and failures as coded errors,
its time bounded, its confidence flagged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from eval.scans import render_page
from PIL import Image

from egide.errors import OcrFailedError, OcrTimeoutError, OcrUnavailableError
from egide.ingest.ocr import (
    OcrRecord,
    PageText,
    Tesseract,
    grayscale,
    parse_tsv,
    unread_ink,
)
from egide.settings import OcrSettings

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _row(block: int, par: int, line: int, word: int, conf: float, text: str) -> str:
    return f"5\t1\t{block}\t{par}\t{line}\t{word}\t0\t0\t10\t10\t{conf}\t{text}"


def test_tsv_gives_lines_paragraphs_and_a_length_weighted_confidence() -> None:
    tsv = "\n".join(
        [
            HEADER,
            "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
            _row(1, 1, 1, 1, 90, "Colonne"),
            _row(1, 1, 1, 2, 60, "de"),
            _row(1, 1, 2, 1, 90, "blindés."),
            _row(1, 1, 2, 2, 95, " "),  # a space Tesseract reports as a word
            _row(2, 1, 1, 1, 40, "Sarvik"),
            "4\t1\t2\t1\t2\t0\t0\t0\t10\t10\t-1\t",
        ]
    )
    page = parse_tsv(tsv + "\n")
    assert page.text == "Colonne de\nblindés.\n\nSarvik"
    assert page.words == 4
    expected = (90 * 7 + 60 * 2 + 90 * 8 + 40 * 6) / (7 + 2 + 8 + 6)
    assert page.confidence == round(expected, 1)


def test_a_page_without_words_has_no_confidence() -> None:
    page = parse_tsv(HEADER + "\n1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n")
    assert page == PageText("", None, 0)


def test_grayscale_flattens_transparency_on_white_and_rescales_16_bit_scans() -> None:
    clear = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    assert set(np.unique(np.asarray(grayscale(clear)))) == {255}
    deep = Image.fromarray((np.arange(16).reshape(4, 4) * 256).astype(np.uint16))
    gray = np.asarray(grayscale(deep))
    assert gray.dtype == np.uint8
    assert len(np.unique(gray)) == 16  # not clipped to white beyond 255


def _fake(tmp_path: Path, recognise: str) -> str:
    """A stand-in binary that lists the languages and then behaves as ``recognise``."""
    script = tmp_path / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        "  --list-langs) printf 'List of available languages (2):\\nfra\\neng\\n' ;;\n"
        "  --version) echo 'tesseract 9.9.9' ;;\n"
        f"  *) {recognise} ;;\n"
        "esac\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def test_an_absent_binary_is_a_coded_error_with_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(OcrUnavailableError) as caught:
        Tesseract.open(OcrSettings(tesseract=str(tmp_path / "absent" / "tesseract")))
    rendered = caught.value.render("fr")
    assert rendered.startswith("[E-OCR-MISSING] ")
    assert " — " in rendered
    assert "apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng" in rendered
    assert "not found" in caught.value.render("en")


def test_missing_language_data_names_its_package() -> None:
    with pytest.raises(OcrUnavailableError) as caught:
        Tesseract.open(OcrSettings(languages=["fra", "qaa"]))
    rendered = caught.value.render("fr")
    assert "qaa" in caught.value.message("fr") and "fra" not in caught.value.message("fr")
    assert "tesseract-ocr-qaa" in rendered


def test_a_page_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    settings = OcrSettings(tesseract=_fake(tmp_path, "exec sleep 30"), page_timeout_s=0.5)
    tesseract = Tesseract.open(settings)
    assert tesseract.version == "tesseract 9.9.9"
    with pytest.raises(OcrTimeoutError) as caught:
        tesseract.read(Image.new("L", (50, 50), 255), "scan.png, page 1")
    assert "scan.png, page 1" in caught.value.message("fr")
    assert caught.value.code == "E-OCR-TIMEOUT"


def test_a_failing_binary_is_reported_with_its_message(tmp_path: Path) -> None:
    settings = OcrSettings(tesseract=_fake(tmp_path, "echo 'Error in pixReadMem' >&2; exit 1"))
    with pytest.raises(OcrFailedError) as caught:
        Tesseract.open(settings).read(Image.new("L", (50, 50), 255), "scan.png, page 2")
    assert "Error in pixReadMem" in caught.value.message("en")
    assert "scan.png, page 2" in caught.value.message("en")


def test_a_rendered_page_is_read_with_high_confidence() -> None:
    page = Tesseract.open(OcrSettings()).read(
        render_page("Le convoi a franchi le pont de Sarvik à l'aube.\nSecond paragraphe."),
        "page",
        300,
    )
    assert [line for line in page.text.splitlines() if line] == [
        "Le convoi a franchi le pont de Sarvik à l'aube.",
        "Second paragraphe.",
    ]
    assert page.confidence is not None and page.confidence > 80


def test_pages_in_doubt_are_flagged() -> None:
    tesseract = Tesseract(OcrSettings(min_confidence=70, max_unread=0.05), "tesseract", "5")
    record = OcrRecord(tesseract)
    record.add(1, PageText("net", 92.0, 30))
    record.add(2, PageText("flou", 55.5, 10))
    record.add(3, PageText("", None, 0))  # blank page: nothing to doubt
    record.add(4, PageText("tronqué", 95.0, 12, unread=0.2))
    meta = record.meta()
    assert meta["low_confidence_pages"] == [2] and meta["unread_pages"] == [4]
    assert meta["confidence"] == round((92.0 * 30 + 55.5 * 10 + 95.0 * 12) / 52, 1)
    assert [p["page"] for p in meta["pages"]] == [1, 2, 3, 4]
    low, unread = record.findings()
    assert low.kind == "ocr_low_confidence" and "page 2" in low.excerpt
    assert unread.kind == "ocr_unread" and "page 4" in unread.excerpt
    assert low.start is None and unread.start is None  # the whole page, not a span


def test_ink_no_word_covers_is_measured_and_specks_are_ignored() -> None:
    page = render_page("Une ligne de texte.\nUne seconde ligne de texte, plus longue encore.")
    assert unread_ink(page, (), 300) > 0.9  # all but a trailing full stop or so
    read = Tesseract.open(OcrSettings()).read(page, "page", 300)
    assert read.unread == 0.0 and len(read.boxes) == read.words == 12
    first_line = tuple(b for b in read.boxes if b[1] < read.boxes[0][1] + 20)
    assert 0.4 < unread_ink(page, first_line, 300) < 1.0
    specks = np.full((600, 600), 255, dtype=np.uint8)
    specks[::37, ::41] = 0
    assert unread_ink(Image.fromarray(specks), (), 300) == 0.0


def test_a_page_whose_lines_were_lost_is_read_again_as_one_block(tmp_path: Path) -> None:
    page = render_page("Première ligne lue.\nSeconde ligne perdue par la segmentation.")
    full = Tesseract.open(OcrSettings()).read(page, "page", 300)
    rows = [
        _row(1, 1, 1 if b[1] < full.boxes[0][1] + 20 else 2, i, 90, w)
        for i, (b, w) in enumerate(zip(full.boxes, full.text.split(), strict=True), start=1)
    ]
    boxes = [f"\t{b[0]}\t{b[1]}\t{b[2]}\t{b[3]}\t" for b in full.boxes]
    rows = [r.replace("\t0\t0\t10\t10\t", box, 1) for r, box in zip(rows, boxes, strict=True)]
    (tmp_path / "auto.tsv").write_text("\n".join([HEADER, *rows[:3]]) + "\n", encoding="utf-8")
    (tmp_path / "block.tsv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    reader = _fake(
        tmp_path,
        f'case "$*" in *"--psm 6"*) cat {tmp_path}/block.tsv ;; *) cat {tmp_path}/auto.tsv ;; esac',
    )
    read = Tesseract.open(OcrSettings(tesseract=reader)).read(page, "page", 300)
    assert read.layout == "block" and read.unread == 0.0
    assert read.text.splitlines() == [
        "Première ligne lue.",
        "Seconde ligne perdue par la segmentation.",
    ]
    kept = Tesseract.open(OcrSettings(tesseract=reader, max_unread=0.9)).read(page, "page", 300)
    assert kept.layout == "auto" and kept.text == "Première ligne lue."
    assert kept.unread > 0.3
    slow = tmp_path / "slow"
    slow.mkdir()
    late = _fake(
        slow,
        f'case "$*" in *"--psm 6"*) exec sleep 30 ;; *) cat {tmp_path}/auto.tsv ;; esac',
    )
    first = Tesseract.open(OcrSettings(tesseract=late, page_timeout_s=2)).read(page, "page", 300)
    assert first.layout == "auto" and first.text == "Première ligne lue."
