"""From a file to documents ready to store: load, normalise, identify the language,
chunk, scan, analyse and enrich. Pure functions of their inputs, so they can run in worker
processes; the single writer is ``egide.ingest.runner``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from egide.enrich import dates
from egide.enrich.entities import Enricher
from egide.errors import (
    BannerError,
    CorruptError,
    EgideError,
    EmptyError,
    InternalIngestError,
    RecordError,
)
from egide.ingest import archive, banner, chunking, files, langid, normalize, scanner
from egide.ingest.loaders import RawDocument, loader_for
from egide.retrieve import analyzer
from egide.security.grades import Grade, parse_grade
from egide.security.labels import Label, parse_label
from egide.security.nations import NATO_NATIONS
from egide.settings import OcrSettings
from egide.types import Mention

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """What preparing a document needs from the settings and the command line."""

    label: Label
    grade: Grade
    source: str | None
    languages: tuple[str, ...]
    chunk_chars: int
    overlap: int
    max_bytes: int
    unpack: archive.Limits
    ocr: OcrSettings = field(default_factory=OcrSettings)
    #: the batch's marking as written (kept beside the canonical label)
    marking: str | None = None
    nato: frozenset[str] = NATO_NATIONS


@dataclass
class Prepared:
    path: str
    title: str | None
    text: str
    content_hash: str
    language: str
    doc_date: str | None
    label: Label
    grade: Grade
    source: str | None
    chunks: list[tuple[int, int, str, str]]  # start, end, text, terms
    mentions: list[Mention]
    findings: list[dict[str, Any]]
    meta: dict[str, Any]
    parts: dict[str, str]
    #: the originator's marking as written ("NATO SECRET"); the label drives access
    marking: str | None = None


@dataclass
class Failure:
    path: str
    error: EgideError


@dataclass
class FileResult:
    path: str
    documents: list[Prepared] = field(default_factory=list)
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_field(parse: Callable[[str], T], value: str, where: str) -> T:
    """A record's own label or grade; invalid, it fails that record alone."""
    try:
        return parse(value)
    except EgideError as exc:
        raise RecordError(f"{where}: {exc.message('fr')}") from None


def label_and_grade(raw: RawDocument, options: Options, where: str) -> tuple[Label, Grade]:
    """The batch's label, combined with a record's own (never lower than either); the
    batch's grade, or the record's own."""
    label = options.label
    if raw.label is not None:
        own = _record_field(lambda v: parse_label(v, nato=options.nato), raw.label, where)
        label = label.lub(own)
    grade = options.grade if raw.grade is None else _record_field(parse_grade, raw.grade, where)
    return label, grade


def dateline(text: str) -> str | None:
    """A document without a date in its metadata is dated by the first full date in its
    opening lines (the dateline of a dispatch, the date of a report). Without a reference,
    only absolute dates resolve."""
    for mention in dates.extract(text[:400], None):
        if mention.value:
            return mention.value[:10]
    return None


def normal_text(raw: RawDocument) -> tuple[str, list[int]]:
    """The normalised text of a loaded document, and page offsets when it has pages."""
    if len(raw.pages) > 1:
        return normalize.join_pages(raw.pages)
    return normalize.normalise(raw.pages[0] if raw.pages else ""), []


def check_banners(
    raw: RawDocument, text: str, page_starts: list[int], label: Label, where: str
) -> list[banner.Banner]:
    """The document's own banners; ``BannerError`` when one of them is not covered by
    ``label`` (above it, or incomparable: another compartment or releasability)."""
    found = banner.find(text, page_starts, raw.headers, raw.subject)
    for item in found:
        if not label.dominates(item.label):
            raise BannerError(
                where,
                banner=item.text[:80],
                where=item.where,
                declared=label.canonical(),
                label=label.lub(item.label),
            )
    return found


def prepare(
    raw: RawDocument,
    where: str,
    loader_id: str,
    options: Options,
    enricher: Enricher,
    normalised: tuple[str, list[int]] | None = None,
) -> Prepared:
    """One loaded document → a ``Prepared`` one. Raises ``EgideError`` for this one alone."""
    label, grade = label_and_grade(raw, options, where)
    text, page_starts = normalised or normal_text(raw)
    if not text:
        raise EmptyError(where)
    banners = check_banners(raw, text, page_starts, label, where)
    lang = langid.detect(text, options.languages)
    doc_date = raw.date or dateline(text)
    title = normalize.normalise(raw.title)[:300] if raw.title else None
    spans = chunking.chunk(text, options.chunk_chars, options.overlap)
    head = f"{title}\n" if title else ""
    chunks = [
        (s.start, s.end, text[s.start : s.end], analyzer.terms(head + text[s.start : s.end], lang))
        for s in spans
    ]
    findings = [f.to_dict() for f in scanner.scan_text(text)]
    findings += [f.to_dict() for f in raw.findings]
    meta = dict(raw.meta)
    if banners:
        meta["banners"] = [
            {"where": b.where, "text": b.text[:120], "label": b.label.canonical()} for b in banners
        ]
        meta["declared_above_banner"] = banner.highest(banners) != label
    if page_starts:
        meta["page_starts"] = page_starts
    parts = {
        "loader": loader_id,
        **raw.parts,
        "normalize": normalize.PART_ID,
        "lang": langid.PART_ID,
        "chunker": chunking.PART_ID,
        "analyzer": analyzer.PART_ID,
        "scanner": scanner.PART_ID,
        "banner": banner.PART_ID,
        **enricher.parts(lang),
    }
    return Prepared(
        path=where,
        title=title,
        text=text,
        content_hash=content_hash(text),
        language=lang,
        doc_date=doc_date,
        label=label,
        grade=grade,
        source=options.source,
        chunks=chunks,
        mentions=enricher.extract(text, lang, doc_date),
        findings=findings,
        meta=meta,
        parts=parts,
        marking=(raw.label if raw.label is not None else options.marking),
    )


def process_file(
    path: Path,
    options: Options,
    enricher: Enricher,
    known: Callable[[str, Label], bool] | None = None,
    shown: str | None = None,
) -> FileResult:
    """Load and prepare every document of one file. ``known(hash, label)`` says which content is
    already stored, so that a re-run skips the costly stages. ``shown`` is the name the file
    is recorded and reported under (default: its path)."""
    name = shown or str(path)
    result = FileResult(name)
    try:
        data = files.read_bounded(path, options.max_bytes)
        loader = loader_for(path, options.ocr)
        if not data.strip():
            raise EmptyError(str(path))
        if archive.is_zip(data):
            data = archive.unpack(data, path.name, options.unpack)
        raws = loader.load(path, data)
    except EgideError as exc:
        result.failures.append(Failure(name, exc))
        return result
    except (OSError, MemoryError, RecursionError) as exc:
        result.failures.append(Failure(name, CorruptError(f"{name}: {type(exc).__name__}")))
        return result
    except Exception as exc:  # a parser's own bug fails this file alone
        result.failures.append(Failure(name, _internal(name, exc)))
        return result
    for raw in raws:
        where = f"{name}{raw.locator}"
        if raw.error is not None:
            result.failures.append(Failure(where, raw.error))
            continue
        try:
            normalised = normal_text(raw)
            label, _ = label_and_grade(raw, options, where)
            if known is not None and normalised[0] and known(content_hash(normalised[0]), label):
                result.duplicates += 1
                continue
            result.documents.append(
                prepare(raw, where, loader.part_id, options, enricher, normalised)
            )
        except EgideError as exc:
            result.failures.append(Failure(where, exc))
        except Exception as exc:  # an enricher's or analyser's bug fails this document alone
            result.failures.append(Failure(where, _internal(where, exc)))
    return result


def _internal(where: str, exc: BaseException) -> InternalIngestError:
    """The error's type only: its text may quote the document."""
    return InternalIngestError(f"{where}: {type(exc).__name__}")
