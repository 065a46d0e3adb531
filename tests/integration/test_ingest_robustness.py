"""Hostile files fail alone, with a code, in bounded time and memory; the batch goes on."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from egide.app import App
from egide.enrich.entities import Enricher
from egide.ingest.runner import ingest
from tests.fixtures import PARAGRAPH_FR, write_docx


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    def alarm(*_: object) -> None:
        raise TimeoutError("ingest blocked")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def stored_paths(app: App) -> set[str]:
    return {Path(r[0]).name for r in app.db.execute("SELECT path FROM documents")}


def failures(report: object) -> dict[str, str]:
    return {Path(f.path).name: f.error.code for f in report.failed}  # type: ignore[attr-defined]


def test_special_files_and_links_fail_alone(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    key = store.settings.home / "audit-ed25519.pem"
    assert key.is_file()
    root = tmp_path / "in"
    root.mkdir()
    (root / "bon.txt").write_text(PARAGRAPH_FR, encoding="utf-8")
    os.mkfifo(root / "tube.txt")
    (root / "cle.txt").symlink_to(key)
    (root / "zero.txt").symlink_to("/dev/zero")
    app = as_user("s")
    for follow in (False, True):
        report = ingest(app, [root], "NP", follow_symlinks=follow)
        assert failures(report) == {
            "tube.txt": "E-INGEST-SPECIAL",
            "cle.txt": "E-INGEST-SYMLINK",
            "zero.txt": "E-INGEST-SYMLINK",
        }
    assert stored_paths(app) == {"bon.txt"}
    assert not any("PRIVATE KEY" in r[0] for r in app.db.execute("SELECT text FROM documents"))


def test_a_link_followed_inside_the_folder_is_ingested(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    root = tmp_path / "in"
    (root / "archives").mkdir(parents=True)
    (root / "archives" / "note.txt").write_text(PARAGRAPH_FR, encoding="utf-8")
    (root / "raccourci").symlink_to(root / "archives")
    app = as_user("s")
    report = ingest(app, [root], "NP", follow_symlinks=True)
    assert (report.ingested, report.failed) == (1, [])


def _bomb(path: Path) -> Path:
    """A real DOCX carrying a 6 MB member that deflates to a few kilobytes."""
    write_docx(path, "Fiche piégée", ["Piégée. " + PARAGRAPH_FR])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/vide.bin", b"\0" * (6 * 1024 * 1024))
    path.write_bytes(out.getvalue())
    return path


def test_a_decompression_bomb_fails_alone(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    bomb = _bomb(root / "bombe.docx")
    assert bomb.stat().st_size < 60_000
    write_docx(root / "fiche.docx", "Fiche", [PARAGRAPH_FR])
    app = as_user("s")
    report = ingest(app, [root], "NP")
    assert failures(report) == {"bombe.docx": "E-INGEST-ARCHIVE"}
    assert stored_paths(app) == {"fiche.docx"}
    app.settings.ingest.max_unpack_ratio = 1000
    assert ingest(app, [bomb], "NP").ingested == 1, "the limits are settings"


def test_a_text_longer_than_the_ner_window_is_ingested(
    store: App, as_user: Callable[[str], App], tmp_path: Path, enricher: Enricher
) -> None:
    nlp = enricher._spacy._load()
    original = nlp.max_length
    nlp.max_length = 2000
    try:
        path = tmp_path / "long.txt"
        path.write_text((PARAGRAPH_FR.replace("\n", " ") + " ") * 40, encoding="utf-8")
        assert len(path.read_text(encoding="utf-8")) > 4 * nlp.max_length
        app = as_user("s")
        report = ingest(app, [path], "NP", embed=False)
    finally:
        nlp.max_length = original
    assert (report.ingested, report.failed) == (1, [])
    people = app.db.execute(
        "SELECT COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.kind = 'PER'"
    ).fetchone()[0]
    assert people >= 40


def test_an_internal_error_fails_one_file_not_the_batch(
    store: App,
    as_user: Callable[[str], App],
    tmp_path: Path,
    enricher: Enricher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = enricher.extract

    def fragile(text: str, lang: str, doc_date: str | None) -> list[object]:
        if "BOUM" in text:
            raise ValueError("[E088] Text of length 2799999 exceeds maximum of 1000000")
        return real(text, lang, doc_date)  # type: ignore[return-value]

    monkeypatch.setattr(enricher, "extract", fragile)
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(PARAGRAPH_FR, encoding="utf-8")
    (root / "b.txt").write_text("BOUM. " + PARAGRAPH_FR, encoding="utf-8")
    (root / "c.txt").write_text("Troisième. " + PARAGRAPH_FR, encoding="utf-8")
    app = as_user("s")
    report = ingest(app, [root], "NP", embed=False)
    assert failures(report) == {"b.txt": "E-INGEST-INTERNAL"}
    assert "ValueError" in report.failed[0].error.render("fr")
    assert "2799999" not in report.failed[0].error.render("fr"), "never the exception's text"
    assert stored_paths(app) == {"a.txt", "c.txt"}


def test_mail_attachments_are_listed_never_unpacked(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    import email.message

    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@b.test", "c@d.test", "Point Kelmar"
    msg.set_content(PARAGRAPH_FR)
    bomb = _bomb(tmp_path / "bombe.docx").read_bytes()
    msg.add_attachment(bomb, maintype="application", subtype="zip", filename="bombe.docx")
    path = tmp_path / "courriel.eml"
    path.write_bytes(bytes(msg))
    app = as_user("s")
    report = ingest(app, [path], "NP", embed=False)
    assert (report.ingested, report.failed) == (1, [])
    meta = app.db.execute("SELECT meta FROM documents").fetchone()[0]
    assert '"attachments_skipped": ["bombe.docx"]' in meta
