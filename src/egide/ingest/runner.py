"""Run an ingest: discover files, prepare each, write each document in its own
transaction, then fill the vectors. Safe to interrupt and re-run: stored content is
skipped, missing vectors are completed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from egide.errors import AccessDeniedError, BannerError, EgideError
from egide.i18n import Msg
from egide.ingest import archive, files, indexer
from egide.ingest.pipeline import Failure, Options, Prepared, process_file
from egide.ingest.progress import Progress
from egide.security.access import may_read
from egide.security.grades import parse_grade
from egide.security.labels import Label
from egide.security.principals import Authority, Role
from egide.store import documents

if TYPE_CHECKING:
    from egide.app import App


@dataclass
class Report:
    ingested: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    vectors: int = 0
    # recognised pages in doubt (little confidence, ink left unread): path, page, figures
    ocr_doubtful: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "ocr_doubtful": self.ocr_doubtful,
            "failed": [
                {"path": f.path, "code": f.error.code, "message": f.error.render(lang)}
                for f in self.failed
            ],
        }


def ingest(
    app: App,
    paths: list[Path],
    label: str,
    grade: str | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    embed: bool = True,
    follow_symlinks: bool | None = None,
    names: Mapping[Path, str] | None = None,
) -> Report:
    """Ingest the files under ``paths``; ``names`` gives the name a file is recorded and
    reported under when it is not its path (files uploaded to the service)."""
    progress = progress or Progress()
    user = app.require_user()
    if not (user.has(Role.ANALYST) or user.has(Role.ADMIN)):
        raise AccessDeniedError(
            Msg("ingérer demande le rôle analyst")
        )
    authority = app.authority(user)
    options = Options(
        label=app.parse_marking(label),
        grade=parse_grade(grade),
        source=source,
        languages=tuple(app.settings.ingest.languages),
        chunk_chars=app.settings.ingest.chunk_chars,
        overlap=app.settings.ingest.chunk_overlap_sentences,
        max_bytes=int(app.settings.ingest.max_file_mb * 1024 * 1024),
        ocr=app.settings.ingest.ocr,
        unpack=archive.Limits(
            int(app.settings.ingest.max_unpacked_mb * 1024 * 1024),
            app.settings.ingest.max_unpack_ratio,
        ),
        marking=" ".join(label.split()),
        nato=app.settings.labels.nato(),
    )
    _check_may_write(app, authority, options.label)
    report = Report()
    follow = app.settings.ingest.follow_symlinks if follow_symlinks is None else follow_symlinks
    found, refused = files.discover(paths, follow)
    report.failed.extend(Failure(str(path), error) for path, error in refused)
    conn = app.db
    progress.start("ingest", len(found))
    try:
        for path in found:
            result = process_file(
                path,
                options,
                app.enricher,
                known=lambda h, lab: may_read(authority, lab) and documents.is_stored(conn, h, lab),
                shown=(names or {}).get(path),
            )
            report.duplicates += result.duplicates
            report.failed.extend(result.failures)
            _audit_banners(app, user.name, result.failures)
            for doc in result.documents:
                try:
                    _check_may_write(app, authority, doc.label)
                except EgideError as exc:
                    report.failed.append(Failure(doc.path, exc))
                    continue
                if documents.insert(conn, doc, user.name, app.terminal) is None:
                    report.duplicates += 1
                else:
                    report.ingested += 1
                    report.ocr_doubtful.extend(_doubtful(doc))
            progress.advance()
    finally:
        progress.stop()
    if embed:
        report.vectors = indexer.fill(app, authority, progress)
    return report


def _doubtful(doc: Prepared) -> list[dict[str, Any]]:
    """The pages of a stored document that Tesseract read with little confidence or left
    ink unread on, for the analyst to check against the original."""
    record = doc.meta.get("ocr") or {}
    doubt = {*record.get("low_confidence_pages", []), *record.get("unread_pages", [])}
    return [
        {
            "path": doc.path,
            "page": p["page"],
            "confidence": p["confidence"],
            "unread": round(100 * p["unread"], 1),
        }
        for p in record.get("pages", [])
        if p["page"] in doubt
    ]


def _audit_banners(app: App, actor: str, failures: list[Failure]) -> None:
    """A document refused for its own banner is a security event: recorded at the label of
    what it claims to be, without its text."""
    for failure in failures:
        if isinstance(failure.error, BannerError):
            params = failure.error.params
            app.record(
                actor,
                "ingest.refused",
                {"path": failure.path, "code": failure.error.code, "declared": params["declared"]},
                params["label"],
                decision="deny",
            )


def _check_may_write(app: App, authority: Authority, label: Label) -> None:
    """Nobody files a document at a label they could not read themselves (on this
    terminal)."""
    if not may_read(authority, label):
        app.record(
            authority.principal,
            "access.denied",
            {"reason": "ingest above authority"},
            label,
            decision="deny",
        )
        raise AccessDeniedError(
            Msg("votre habilitation ne couvre pas « {canonical} »", canonical=label.canonical())
        )
