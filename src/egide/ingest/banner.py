"""The marking a document carries in its own content (SECURITY.md §1): banner lines at the
top and bottom of the text and of each page, DOCX headers and footers, an e-mail's
subject, an HTML page's title.

A banner is a line that is essentially only a marking: written in capitals, recognised by
the label parser, with at most decoration around it (``**SECRET**``, ``— SECRET —``), a
``Classification :`` lead-in or a page number. Prose that mentions a secret is never one.
A bare abbreviation (``S``, ``DR``, ``NC``…) is too ambiguous alone to count. A bilingual
banner (``RESTRICTED / DIFFUSION RESTREINTE``) counts by the parts the parser knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from egide.errors import EgideError
from egide.security.labels import Label, parse_label

PART_ID = "banner.lines.v1"
EDGE_LINES = 3  # lines looked at, at the top and at the bottom of the text
PAGE_LINES = 2  # at the top and bottom of each page
MAX_LINE = 120

_DECORATION = "*=#_~|[](){}<>«»\"'`•·:;.,!?-–— \t"
_LEAD_IN = re.compile(
    r"^(?:niveau\s+de\s+)?(?:classification|marquage|mention(?:\s+de\s+protection)?|"
    r"protection|classified|marking)\s*:\s*",
    re.IGNORECASE,
)
_PAGE = re.compile(
    r"\s*(?:[-–—|/]\s*)?(?:page|p\.)?\s*\d{1,4}\s*(?:/|sur|of)\s*\d{1,4}\s*$"
    r"|\s*[-–—|]\s*(?:page|p\.)?\s*\d{1,4}\s*$|^\s*(?:page|p\.)?\s*\d{1,4}\s*[-–—|]\s*",
    re.IGNORECASE,
)
_SUBJECT_SPLIT = re.compile(r"\s+[-–—:|]\s+|\s*:\s+|^\[([^\]]+)\]")
_REPLY = re.compile(r"^(?:(?:re|tr|fw|fwd|réf|ref)\s*:\s*)+", re.IGNORECASE)
_ABBREVIATION = re.compile(r"^[A-Z]{1,3}$")


@dataclass(frozen=True)
class Banner:
    where: str  # "début", "fin", "page 3", "en-tête", "objet", "titre"
    text: str
    label: Label


def _strip(line: str) -> str:
    line = line.strip().strip(_DECORATION)
    line = _LEAD_IN.sub("", line)
    line = _PAGE.sub("", line)
    return line.strip().strip(_DECORATION)


def marking(line: str) -> Label | None:
    """The label of a line that is essentially only a marking, else ``None``."""
    if not line or len(line) > MAX_LINE:
        return None
    core = _strip(line)
    if not core or core != core.upper():
        return None
    if not any(c.isalpha() for c in core):
        return None
    found = _parse(core)
    if found is None and " / " in core:  # bilingual: "RESTRICTED / DIFFUSION RESTREINTE"
        parts = [p for p in (_parse(part.strip()) for part in core.split(" / ")) if p]
        found = highest_label(parts)
    return found


def _parse(core: str) -> Label | None:
    if _ABBREVIATION.match(core):
        return None
    try:
        return parse_label(core)
    except EgideError:
        return None


def highest_label(labels: list[Label]) -> Label | None:
    found: Label | None = None
    for label in labels:
        found = label if found is None else found.lub(label)
    return found


def subject_marking(line: str) -> Label | None:
    """A subject or title either is a marking or starts with one: ``SECRET : point``,
    ``[DIFFUSION RESTREINTE] réunion``."""
    line = _REPLY.sub("", line.strip())
    found = marking(line)
    if found is not None:
        return found
    match = _SUBJECT_SPLIT.search(line)
    if match is None:
        return None
    head = match.group(1) if match.group(1) else line[: match.start()]
    return marking(head)


def _edges(lines: list[str], n: int) -> list[tuple[str, str]]:
    kept = [line for line in lines if line.strip()]
    if len(kept) <= 2 * n:
        return [("début", line) for line in kept]
    return [("début", line) for line in kept[:n]] + [("fin", line) for line in kept[-n:]]


def find(
    text: str, page_starts: list[int], headers: list[str], subject: str | None
) -> list[Banner]:
    """Every banner of a document: ``text`` normalised (pages at ``page_starts``),
    ``headers`` the loader's header and footer lines, ``subject`` a mail's subject or a
    page's title."""
    places: list[tuple[str, str]] = _edges(text.splitlines(), EDGE_LINES)
    bounds = [*page_starts, len(text)]
    if len(page_starts) > 1:
        for number, (start, end) in enumerate(pairwise(bounds), start=1):
            page = text[start:end].splitlines()
            places += [(f"page {number}", line) for _, line in _edges(page, PAGE_LINES)]
    places += [("en-tête", line) for line in headers]
    found = [Banner(where, line.strip(), lab) for where, line in places if (lab := marking(line))]
    if subject and (lab := subject_marking(subject)) is not None:
        found.append(Banner("objet", subject.strip(), lab))
    return found


def highest(banners: list[Banner]) -> Label | None:
    """The lub of the banners' labels."""
    return highest_label([b.label for b in banners])
