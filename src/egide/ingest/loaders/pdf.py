"""PDF: text per page with pypdfium2 (page offsets kept in the document's metadata). Text
drawn invisibly is reported as findings and left out (see ``pdf_hidden``). A page without
a text layer that shows an image is a scan: it is rendered and read by Tesseract; pages
with text are never recognised again."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from egide.errors import CorruptError, DependencyError, EmptyError, ScanTooLargeError
from egide.i18n import Msg
from egide.ingest import ocr
from egide.ingest.loaders import pdf_hidden
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import Finding, scan_carrier, scan_metadata
from egide.settings import OcrSettings

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
# Fewer visible characters than this on a page with an image: no real text layer (a scan
# with a stamped page number or banner at most).
_TEXT_LAYER_MIN = 16


class PdfLoader:
    part_id = "load.pdf.pdfium.v3"
    extensions: tuple[str, ...] = (".pdf",)

    def __init__(self, settings: OcrSettings | None = None) -> None:
        self.settings = settings or OcrSettings()

    def with_ocr(self, settings: OcrSettings) -> PdfLoader:
        return PdfLoader(settings)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        try:
            import pypdfium2 as pdfium
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise DependencyError("pypdfium2", install="pip install pypdfium2") from exc
        if not data.startswith(b"%PDF"):
            raise CorruptError(Msg("{name} : en-tête %PDF absent", name=path.name))
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise CorruptError(_unreadable(path, exc)) from None
        record: ocr.OcrRecord | None = None
        hidden: list[Finding] = []
        try:
            pages: list[str] = []
            scans: list[int] = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                visible, runs = pdf_hidden.split(page, textpage)
                pages.append(visible)
                for run in runs:
                    hidden += scan_carrier(run.kind, "pdf", f"(page {index + 1}) {run.text}")
                textpage.close()
                if _is_scan(page, pages[-1]):
                    scans.append(index)
                page.close()
            info: dict[str, Any] = pdf.get_metadata_dict(skip_empty=True)
            if scans:
                record = self._recognise(pdf, scans, pages, path)
        except pdfium.PdfiumError as exc:
            raise CorruptError(_unreadable(path, exc)) from None
        finally:
            pdf.close()
        if not any(p.strip() for p in pages):
            raise EmptyError(Msg("{name} (aucun texte extractible)", name=path.name))
        findings = hidden + scan_metadata(
            [v for k, v in info.items() if k in _META_KEYS and isinstance(v, str)]
        )
        title = info.get("Title") if isinstance(info.get("Title"), str) else None
        meta: dict[str, Any] = {"pdf_pages": len(pages)}
        if record is not None:
            meta["ocr"] = record.meta()
            findings += record.findings()
        return [
            RawDocument(
                pages,
                title=title or None,
                meta=meta,
                findings=findings,
                parts={"ocr": ocr.PART_ID} if record is not None else {},
            )
        ]

    def _recognise(self, pdf: Any, scans: list[int], pages: list[str], path: Path) -> ocr.OcrRecord:
        """Render each scanned page at ``dpi`` (less when that would exceed the pixel
        limit) and replace its text by what Tesseract reads."""
        if len(scans) > self.settings.max_pages:
            raise ScanTooLargeError(f"{path.name}: {len(scans)} pages > {self.settings.max_pages}")
        record = ocr.OcrRecord(ocr.Tesseract.open(self.settings))
        for index in scans:
            page = pdf[index]
            try:
                width, height = page.get_size()
                scale = self.settings.dpi / 72
                if width * height * scale * scale > self.settings.max_pixels:
                    scale = math.sqrt(self.settings.max_pixels / (width * height))
                image = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
            dpi = round(scale * 72)
            text = record.tesseract.read(image, f"{path.name}, page {index + 1}", dpi)
            record.add(index + 1, text, dpi)
            pages[index] = text.text
        return record


def _is_scan(page: Any, text: str) -> bool:
    import pypdfium2.raw as pdfium_c

    if len("".join(text.split())) >= _TEXT_LAYER_MIN:
        return False
    return next(iter(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))), None) is not None


def _unreadable(path: Path, exc: Exception) -> Msg:
    """What PDFium refused, told in the interface's language (its own words are English)."""
    if "password" in str(exc).lower():
        return Msg("{name} (protégé par un mot de passe)", name=path.name)
    return Msg("{name} (PDF que la bibliothèque PDFium ne sait pas lire)", name=path.name)
