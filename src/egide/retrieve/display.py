"""What a search result shows: the best-matching sentence(s) of a passage with the matched
terms located, Markdown and markup stripped for display — every displayed character keeps
its offset in the stored text — and a title that is never a marking banner."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from egide.errors import LabelError
from egide.ingest.chunking import sentences
from egide.retrieve import analyzer
from egide.security.labels import parse_label

MAX_CHARS = 320
_WORD = re.compile(r"\w+")
# markup dropped for display (each pattern's group 1, or the whole match, is removed)
_DROP = [
    re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M),
    re.compile(r"^[ \t]{0,3}(#{1,6}[ \t]+)", re.M),
    re.compile(r"^[ \t]*(\|)|(\|)[ \t]*$", re.M),
    re.compile(r"^[ \t]*(>[ \t]?)", re.M),
    re.compile(r"^[ \t]*([-*+][ \t]+)", re.M),
    re.compile(r"(!?\[)[^\]\n]*(?=\]\()"),
    re.compile(r"(?<=[^\s\[])(\]\([^)\s]*\))"),
    re.compile(r"<[A-Za-z/!][^<>\n]{0,200}>"),
    re.compile(r"(\*\*|__|`+|~~)"),
    re.compile(r"(?<![\w*])([*_])(?=[^\s*_])|(?<=[^\s*_])([*_])(?![\w*])"),
]
_MARKUP = re.compile(r"[*_#>|\[<`~]|^[ \t]*[-+][ \t]", re.M)  # any of the above can apply
_ENGLISH_BANNERS = re.compile(
    r"^(?:UNCLASSIFIED|RESTRICTED|CONFIDENTIAL|SECRET|TOP SECRET|OFFICIAL(?:[- ]SENSITIVE)?)"
    r"(?:\s*//.*)?$"
)


@dataclass(frozen=True)
class Snippet:
    text: str  # for display: markup stripped, whitespace collapsed
    start: int  # offsets of the snippet in the document's stored text
    end: int
    highlights: list[tuple[int, int]]  # matched terms, offsets in ``text``
    matches: list[tuple[int, int]]  # the same, offsets in the stored text

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "highlights": [{"start": a, "end": b} for a, b in self.highlights],
            "matches": [{"start": a, "end": b} for a, b in self.matches],
        }


def term_spans(text: str, terms: Collection[str], lang: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose analysed form is one of ``terms``."""
    if not terms:
        return []
    out = []
    stops = analyzer.stop_words()
    # a stem keeps the first letters of its word: most words are ruled out before stemming
    heads = {t[:2] for t in terms}
    for match in _WORD.finditer(text):
        word = analyzer.fold(match.group(0))
        if word[:2] not in heads or word in stops:
            continue
        if analyzer.stem([word], lang)[0] in terms:
            out.append(match.span())
    return out


def snippet(
    text: str, offset: int, terms: Collection[str], lang: str, max_chars: int = MAX_CHARS
) -> Snippet:
    """The best sentence of a passage (``text`` starting at ``offset`` in the document) for
    ``terms``, with a neighbour when it adds matched terms and fits."""
    spans = sentences(text) or []
    found = term_spans(text, terms, lang)
    if not spans:
        end = min(len(text), max_chars)
        return _render(text, offset, 0, end, found, (False, end < len(text)))

    def covered(a: int, b: int) -> set[str]:
        return {analyzer.fold(text[s:e]) for s, e in found if a <= s and e <= b}

    scored = [(len(covered(s.start, s.end)), -i) for i, s in enumerate(spans)]
    best = max(range(len(spans)), key=lambda i: scored[i])
    start, end = spans[best].start, spans[best].end
    if scored[best][0]:
        have = covered(start, end)
        for j in (best + 1, best - 1):
            if 0 <= j < len(spans):
                s = spans[j]
                a, b = min(start, s.start), max(end, s.end)
                if b - a <= max_chars and covered(s.start, s.end) - have:
                    start, end = a, b
                    break
    else:  # a passage found by meaning alone: its opening
        while best + 1 < len(spans) and spans[best + 1].end - start <= max_chars:
            best += 1
            end = spans[best].end
    whole = (start, end)
    if end - start > max_chars:  # one long sentence: a window around its first match
        first = next((s for s, _ in found if start <= s < end), start)
        start = max(start, min(first - max_chars // 3, end - max_chars))
        end = min(end, start + max_chars)
        start, end = _word_bounds(text, start, end)
    return _render(text, offset, start, end, found, (start > whole[0], end < whole[1]))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and start < end:
        start += 1
    while end < len(text) and text[end].isalnum() and end > start:
        end -= 1
    return start, end


def _render(
    text: str,
    offset: int,
    start: int,
    end: int,
    found: list[tuple[int, int]],
    cut: tuple[bool, bool],
) -> Snippet:
    """``cut``: whether the snippet starts or ends inside a sentence (shown with "…")."""
    display, origin = clean(text[start:end])
    cut_before, cut_after = cut
    highlights, matches = [], []
    for s, e in found:
        if s < start or e > end:
            continue
        inside = [i for i, o in enumerate(origin) if s - start <= o < e - start]
        if inside:
            highlights.append((inside[0], inside[-1] + 1))
            matches.append((offset + s, offset + e))
    if cut_before and display:
        display = "… " + display
        highlights = [(a + 2, b + 2) for a, b in highlights]
    if cut_after and display:
        display += " …"
    return Snippet(display, offset + start, offset + end, highlights, matches)


def clean(text: str) -> tuple[str, list[int]]:
    """``text`` without Markdown or tag markup, whitespace collapsed; with, for each kept
    character, its offset in ``text``."""
    drop = [False] * len(text)
    for pattern in _DROP if _MARKUP.search(text) else ():
        for match in pattern.finditer(text):
            groups = [g for g in range(1, (pattern.groups or 0) + 1) if match.group(g)]
            for a, b in [match.span(g) for g in groups] or [match.span()]:
                for i in range(a, b):
                    drop[i] = True
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if drop[i]:
            continue
        if char == "|":
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(i)
            char = "·"
        if char.isspace():
            if not out or out[-1] == " ":
                continue
            char = " "
        out.append(char)
        origin.append(i)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def is_marking_line(line: str) -> bool:
    """A classification banner ("DIFFUSION RESTREINTE", "**SECRET**", "RESTRICTED /
    DIFFUSION RESTREINTE — releasable to …", "NATO SECRET"), not a title."""
    bare, _ = clean(line)
    bare = bare.strip(" *_#·-–—:").strip()
    if not bare or len(bare) > 160:
        return False
    head = re.split(r"\s+[—–-]\s+(?=[a-z])|\s*[—–]\s*", bare, maxsplit=1)[0]
    candidates = [bare, head, *(p.strip() for p in re.split(r"\s+/\s+", head))]
    for candidate in candidates:
        if not candidate:
            continue
        if _ENGLISH_BANNERS.match(candidate.upper()):
            return True
        try:
            parse_label(candidate)
        except LabelError:
            continue
        return True
    return False


@lru_cache(maxsize=4096)
def title(stored: str | None, head: str, fallback: str) -> str:
    """The title to show: the stored one unless it is a marking banner; then the first
    line of the text that is neither empty nor a banner; else ``fallback`` (remembered for
    the documents results show again and again)."""
    if stored and not is_marking_line(stored):
        return stored
    for line in head.splitlines():
        shown, _ = clean(line)
        shown = shown.strip(" ·")
        if shown and not is_marking_line(shown):
            return shown[:200]
    return fallback
