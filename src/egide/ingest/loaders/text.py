"""Plain text and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from egide.ingest.loaders.base import RawDocument, decode_text, text_meta


def _first_line_title(text: str, markdown: bool) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if markdown:
            match = re.match(r"^#{1,6}\s+(.+?)\s*#*$", line)
            return match.group(1) if match else None
        return line[:200] if len(line) <= 200 else None
    return None


class TextLoader:
    part_id = "load.text.v1"
    extensions: tuple[str, ...] = (".txt", ".text")
    markdown = False

    def load(self, path: Path, data: bytes) -> list[RawDocument]:
        text, encoding = decode_text(data, path.name)
        title = _first_line_title(text, self.markdown)
        return [RawDocument([text], title=title, meta=text_meta(encoding))]


class MarkdownLoader(TextLoader):
    part_id = "load.markdown.v1"
    extensions: tuple[str, ...] = (".md", ".markdown")
    markdown = True
