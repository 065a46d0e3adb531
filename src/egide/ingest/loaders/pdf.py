"""PDF: text per page with pypdfium2 (page offsets kept in the document's metadata). Text
drawn invisibly is reported as findings and left out (see ``pdf_hidden``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from egide.errors import CorruptError, DependencyError, EmptyError
from egide.ingest.loaders import pdf_hidden
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import Finding, scan_carrier, scan_metadata

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")


class PdfLoader:
    part_id = "load.pdf.pdfium.v2"
    extensions: tuple[str, ...] = (".pdf",)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        try:
            import pypdfium2 as pdfium
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise DependencyError("pypdfium2", install="pip install pypdfium2") from exc
        if not data.startswith(b"%PDF"):
            raise CorruptError(f"{path.name}: en-tête %PDF absent / no %PDF header")
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise CorruptError(f"{path.name}: {exc}") from None
        hidden: list[Finding] = []
        try:
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                visible, runs = pdf_hidden.split(page, textpage)
                pages.append(visible)
                for run in runs:
                    hidden += scan_carrier(run.kind, "pdf", f"(page {index + 1}) {run.text}")
                textpage.close()
                page.close()
            info: dict[str, Any] = pdf.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError as exc:
            raise CorruptError(f"{path.name}: {exc}") from None
        finally:
            pdf.close()
        if not any(p.strip() for p in pages):
            raise EmptyError(
                f"{path.name} (aucun texte extractible : PDF scanné ? / no text layer)"
            )
        findings = hidden + scan_metadata(
            [v for k, v in info.items() if k in _META_KEYS and isinstance(v, str)]
        )
        title = info.get("Title") if isinstance(info.get("Title"), str) else None
        return [
            RawDocument(
                pages, title=title or None, meta={"pdf_pages": len(pages)}, findings=findings
            )
        ]
