"""Normalisation: NFC, one newline convention, collapsed spaces, no C0 controls.

Format characters (zero-width, bidi) are kept: the scanner reports them and the analyst
sees the original; the analyzer ignores them when indexing.
"""

from __future__ import annotations

import re
import unicodedata

PART_ID = "normalize.nfc.v1"
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Normalise pages separately and join them; return the text and each page's offset."""
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for page in pages:
        norm = normalise(page)
        if parts:
            pos += 2  # the "\n\n" separator
        starts.append(pos)
        parts.append(norm)
        pos += len(norm)
    return "\n\n".join(parts), starts
