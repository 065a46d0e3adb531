"""DOCX with python-docx: paragraphs and table cells, in order; core properties scanned."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from egide.errors import CorruptError, DependencyError, EmptyError
from egide.ingest.loaders.base import RawDocument
from egide.ingest.scanner import scan_metadata


class DocxLoader:
    part_id = "load.docx.v1"
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
        date = props.created.isoformat() if props.created else None
        return [
            RawDocument(
                ["\n\n".join(blocks)], title=props.title or title, date=date, findings=findings
            )
        ]
