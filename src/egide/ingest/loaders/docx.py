"""DOCX with python-docx: paragraphs and table cells, in order; core properties scanned;
header and footer lines kept aside, where a marking banner usually sits.

The document's date is a core property (creation, else last modification) only when it
fits the dates the text names: a template keeps its own creation date."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from egide.enrich import dates
from egide.errors import CorruptError, DependencyError, EmptyError
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import scan_metadata


class DocxLoader:
    part_id = "load.docx.v2"
    extensions: tuple[str, ...] = (".docx",)

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        try:
            import docx
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise DependencyError("python-docx", install="pip install python-docx") from exc
        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise CorruptError(f"{path.name}: {exc}") from None
        except Exception as exc:  # python-docx raises its own PackageNotFoundError etc.
            raise CorruptError(f"{path.name}: {type(exc).__name__}") from None
        blocks: list[str] = []
        title = None
        for para in document.paragraphs:
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name if para.style is not None else "") or ""
            if title is None and (style.startswith("Heading") or style == "Title"):
                title = text
            blocks.append(text)
        for table in document.tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    blocks.append(" | ".join(cells))
        if not blocks:
            raise EmptyError(path.name)
        props = document.core_properties
        findings = scan_metadata(
            [props.title, props.subject, props.keywords, props.comments, props.author]
        )
        text = "\n\n".join(blocks)
        stamps = [d.isoformat() for d in (props.created, props.modified) if d is not None]
        date = next((d for d in stamps if dates.plausible(d, text)), None)
        return [
            RawDocument(
                [text],
                title=props.title or title,
                date=date,
                findings=findings,
                headers=_headers(document),
            )
        ]


def _headers(document: Any) -> list[str]:
    """The lines of every section's headers and footers (first page, odd, even pages)."""
    lines: list[str] = []
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            lines += [p.text.strip() for p in part.paragraphs if p.text.strip()]
            for table in part.tables:
                for row in table.rows:
                    lines += [c.text.strip() for c in row.cells if c.text.strip()]
    return lines
