"""What a loader returns, and the shared text decoding with a recorded fallback."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from egide.errors import BinaryError, EgideError, EmptyError
from egide.ingest.scanner import Finding
from egide.settings import OcrSettings


@dataclass
class RawDocument:
    """One document as a loader sees it, before normalisation."""

    pages: list[str]  # one entry per page (one for most formats)
    title: str | None = None
    date: str | None = None  # ISO date or date-time of the document, if known
    label: str | None = None  # a record's own marking (json/jsonl)
    grade: str | None = None  # a record's own grade
    locator: str = ""  # "#3" for the 3rd message of an mbox, "#L5" …
    meta: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # carriers the loader saw
    headers: list[str] = field(default_factory=list)  # page header and footer lines (DOCX)
    subject: str | None = None  # a mail's subject, a page's title: where a marking may lead
    error: EgideError | None = None  # this record alone failed (json/jsonl)
    parts: dict[str, str] = field(default_factory=dict)  # parts beside the loader (ocr)


class Loader(Protocol):
    part_id: str
    extensions: tuple[str, ...]

    def load(self, path: Path, data: bytes) -> list[RawDocument]: ...


@runtime_checkable
class ScanLoader(Loader, Protocol):
    """A loader that reads scanned pages, with the OCR settings of the run."""

    def with_ocr(self, settings: OcrSettings) -> Loader: ...


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else a
    recorded Windows-1252 fallback. Binary content raises ``BinaryError``."""
    if not data.strip():
        raise EmptyError(name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:65536]:
        raise BinaryError(name)
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise BinaryError(name)
    return text, encoding


def text_meta(encoding: str) -> dict[str, Any]:
    return {} if encoding == "utf-8" else {"encoding": encoding, "encoding_fallback": True}
