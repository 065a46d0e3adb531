"""Mechanical citation checks: a quote must be found, after normalisation, in the passage
it cites. Whatever a model says, a claim without such a quote does not survive."""

from __future__ import annotations

import re
import unicodedata

from egide.products.context import Passage
from egide.products.model import Citation

_EQUIV = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_MARK = re.compile(r"^\s*S\d+\s*│\s?", re.MULTILINE)


def _normal(text: str) -> tuple[str, list[int]]:
    """Comparable text and, for each of its characters, the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue
        char = unicodedata.normalize("NFC", char).translate(_EQUIV).casefold()
        if char.isspace():
            if out and not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.extend(char)
        where.extend([i] * len(char))
    return "".join(out), where


def locate(quote: str, passage: Passage) -> tuple[int, int] | None:
    """Document offsets of ``quote`` in the passage, or ``None`` when it is not there."""
    cleaned = _MARK.sub("", quote).strip().strip('"«» ').strip()
    if len(cleaned) < 12:
        return None
    needle, _ = _normal(cleaned)
    hay, where = _normal(passage.text)
    index = hay.find(needle.strip())
    if index < 0:
        return None
    first, last = where[index], where[index + len(needle.strip()) - 1]
    return passage.start + first, passage.start + last + 1


def cite(quote: str, passages: list[Passage]) -> Citation | None:
    """A verified citation of ``quote`` in one of ``passages`` (all of one source)."""
    for passage in passages:
        span = locate(quote, passage)
        if span is not None:
            start, end = span
            exact = passage.text[start - passage.start : end - passage.start]
            return Citation(
                source=passage.source, chunk_id=passage.chunk_id, quote=exact, start=start, end=end
            )
    return None
