"""Sentence-aware chunking with overlap; chunks are character spans of the normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass

PART_ID = "chunk.sentences.v1"

# Abbreviations after which a full stop does not end a sentence (French and English).
_ABBREV = {
    "m",
    "mm",
    "mme",
    "mmes",
    "mlle",
    "dr",
    "pr",
    "me",
    "mgr",
    "st",
    "ste",
    "gén",
    "gen",
    "gal",
    "col",
    "lcl",
    "cdt",
    "cne",
    "lt",
    "slt",
    "adj",
    "sgt",
    "cpl",
    "av",
    "bd",
    "cf",
    "etc",
    "ex",
    "env",
    "mr",
    "mrs",
    "ms",
    "prof",
    "capt",
    "maj",
    "sr",
    "jr",
    "no",
    "vs",
    "fig",
    "p",
    "pp",
    "janv",
    "févr",
    "fév",
    "avr",
    "juil",
    "sept",
    "oct",
    "nov",
    "déc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "dec",
    "inc",
    "ltd",
    "co",
    "vol",
    "art",
    "al",
}
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“(\[]?[A-ZÀ-ÖØ-Þ0-9])|\n+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans (whitespace between sentences belongs to no span)."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if match.group(0).strip() == "" and "\n" not in match.group(0):
            before = text[start:end].rstrip()
            word = re.search(r"(\w+)\.$", before)
            if word and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1):
                continue
        _add(spans, text, start, end)
        start = match.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def _split_long(span: Span, text: str, limit: int) -> list[Span]:
    """Cut a sentence longer than ``limit`` at whitespace."""
    out: list[Span] = []
    start = span.start
    while span.end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        out.append(Span(start, cut))
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    if span.end > start:
        out.append(Span(start, span.end))
    return out


def chunk(text: str, target: int = 1200, overlap: int = 1) -> list[Span]:
    """Group whole sentences into spans of about ``target`` characters.

    Consecutive chunks share their last/first ``overlap`` sentences.
    """
    sents: list[Span] = []
    for s in sentences(text):
        sents.extend(_split_long(s, text, target))
    chunks: list[Span] = []
    i = 0
    while i < len(sents):
        j = i
        while j + 1 < len(sents) and sents[j + 1].end - sents[i].start <= target:
            j += 1
        chunks.append(Span(sents[i].start, sents[j].end))
        if j + 1 >= len(sents):
            break
        i = max(j + 1 - overlap, i + 1)
    return chunks
