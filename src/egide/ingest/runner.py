"""Run an ingest: discover files, prepare each, write each document in its own
transaction, then fill the vectors. Safe to interrupt and re-run: stored content is
skipped, missing vectors are completed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egide.app import App
from egide.errors import AccessDeniedError, EgideError
from egide.errors import Bilingual as B
from egide.ingest import indexer
from egide.ingest.pipeline import Failure, Options, discover, process_file
from egide.ingest.progress import Progress
from egide.security.access import may_read
from egide.security.grades import parse_grade
from egide.security.labels import Label
from egide.security.principals import Authority, Role
from egide.store import documents


@dataclass
class Report:
    ingested: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    vectors: int = 0

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
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
) -> Report:
    progress = progress or Progress()
    user = app.require_user()
    if not (user.has(Role.ANALYST) or user.has(Role.ADMIN)):
        raise AccessDeniedError(
            B("ingérer demande le rôle analyst", "ingest needs the analyst role")
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
        marking=" ".join(label.split()),
        nato=app.settings.labels.nato(),
    )
    _check_may_write(app, authority, options.label)
    report = Report()
    files, missing = discover(paths)
    report.failed.extend(missing)
    conn = app.db
    progress.start("ingest", len(files))
    try:
        for path in files:
            result = process_file(
                path,
                options,
                app.enricher,
                known=lambda h, lab: may_read(authority, lab) and documents.is_stored(conn, h, lab),
            )
            report.duplicates += result.duplicates
            report.failed.extend(result.failures)
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
            progress.advance()
    finally:
        progress.stop()
    if embed:
        report.vectors = indexer.fill(app, authority, progress)
    return report


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
            B(
                f"votre habilitation ne couvre pas « {label.canonical()} »",
                f"your clearance does not cover '{label.canonical()}'",
            )
        )
