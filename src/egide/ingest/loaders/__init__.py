"""Format loaders, registered by file extension. Each returns ``RawDocument`` objects."""

from __future__ import annotations

from pathlib import Path

from egide.errors import FormatError
from egide.ingest.loaders.base import Loader, RawDocument, ScanLoader
from egide.ingest.loaders.docx import DocxLoader
from egide.ingest.loaders.email import EmlLoader, MboxLoader
from egide.ingest.loaders.html import HtmlLoader
from egide.ingest.loaders.image import ImageLoader
from egide.ingest.loaders.pdf import PdfLoader
from egide.ingest.loaders.records import JsonlLoader, JsonLoader
from egide.ingest.loaders.text import MarkdownLoader, TextLoader
from egide.settings import OcrSettings

__all__ = ["Loader", "RawDocument", "loader_for", "supported_extensions"]

_LOADERS: tuple[Loader, ...] = (
    TextLoader(),
    MarkdownLoader(),
    HtmlLoader(),
    PdfLoader(),
    DocxLoader(),
    EmlLoader(),
    MboxLoader(),
    JsonLoader(),
    JsonlLoader(),
    ImageLoader(),
)


def supported_extensions() -> list[str]:
    return sorted(ext for loader in _LOADERS for ext in loader.extensions)


def loader_for(path: Path, ocr: OcrSettings | None = None) -> Loader:
    """The loader of ``path``'s format; one that reads scans gets the run's OCR settings."""
    suffix = path.suffix.lower()
    for loader in _LOADERS:
        if suffix in loader.extensions:
            if ocr is not None and isinstance(loader, ScanLoader):
                return loader.with_ocr(ocr)
            return loader
    raise FormatError(f"{path.name} ({suffix or 'sans extension'})")
