"""A document's own marking: a banner above (or beside) the declared label refuses that
document alone; records carrying their own label are stored at the lub, never lower."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.cli.main import run
from egide.ingest.runner import ingest
from tests.fixtures import PARAGRAPH_EN, PARAGRAPH_FR, write_eml, write_html, write_jsonl, write_pdf


def stored(app: App) -> dict[str, dict]:
    rows = app.db.execute(
        "SELECT d.path, d.meta, l.canonical FROM documents d JOIN labels l ON l.id = d.label_id"
    )
    return {Path(r[0]).name: {"meta": json.loads(r[1]), "label": r[2]} for r in rows}


def failures(report: object) -> dict[str, str]:
    return {Path(f.path).name: f.error.code for f in report.failed}  # type: ignore[attr-defined]


def _docx_with_header(path: Path, header: str, footer: str | None = None) -> Path:
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.is_linked_to_previous = False
        section.footer.paragraphs[0].text = footer
    document.add_paragraph(PARAGRAPH_FR)
    document.save(str(path))
    return path


def test_banners_above_the_declared_label_refuse_the_file_alone(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "banniere.txt").write_text(f"SECRET\n\n{PARAGRAPH_FR}\n\nSECRET", encoding="utf-8")
    (root / "pied.md").write_text(f"# Note\n\n{PARAGRAPH_FR}\n\n**TRÈS SECRET**", encoding="utf-8")
    (root / "prose.txt").write_text(
        f"Le secret de l'opération a été bien gardé.\n\n{PARAGRAPH_FR}", encoding="utf-8"
    )
    _docx_with_header(root / "entete.docx", "SECRET")
    _docx_with_header(root / "pied.docx", "Note de synthèse", footer="SECRET")
    write_eml(root / "objet.eml", "SECRET : point sur Kelmar", PARAGRAPH_EN)
    write_html(root / "titre.html", "DIFFUSION RESTREINTE", f"<p>{PARAGRAPH_FR}</p>")
    write_pdf(root / "pages.pdf", [PARAGRAPH_FR, f"{PARAGRAPH_EN}\n\nSECRET"])
    app = as_user("s")
    report = ingest(app, [root], "NP", embed=False)
    assert failures(report) == {
        "banniere.txt": "E-INGEST-BANNER",
        "pied.md": "E-INGEST-BANNER",
        "entete.docx": "E-INGEST-BANNER",
        "pied.docx": "E-INGEST-BANNER",
        "objet.eml": "E-INGEST-BANNER",
        "titre.html": "E-INGEST-BANNER",
        "pages.pdf": "E-INGEST-BANNER",
    }
    assert set(stored(app)) == {"prose.txt"}
    message = next(f for f in report.failed if f.path.endswith("entete.docx")).error.render("fr")
    assert "« SECRET » (en-tête)" in message and "« NON PROTÉGÉ »" in message
    refusals = [
        json.loads(r[0])
        for r in app.db.execute("SELECT record FROM audit WHERE action = 'ingest.refused'")
    ]
    assert len(refusals) == 7 and all(r["decision"] == "deny" for r in refusals)
    assert PARAGRAPH_FR[:30] not in json.dumps(refusals), "no document text in the log"


def test_a_higher_declared_label_is_allowed_and_noted(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    path = tmp_path / "dr.txt"
    path.write_text(f"DIFFUSION RESTREINTE\n\n{PARAGRAPH_FR}", encoding="utf-8")
    same = tmp_path / "s.txt"
    same.write_text(f"SECRET\n\n{PARAGRAPH_EN}", encoding="utf-8")
    app = as_user("s")
    report = ingest(app, [path, same], "SECRET", embed=False)
    assert (report.ingested, report.failed) == (2, [])
    docs = stored(app)
    assert docs["dr.txt"]["meta"]["banners"] == [
        {
            "where": "début",
            "text": "DIFFUSION RESTREINTE",
            "label": "DIFFUSION RESTREINTE – SPÉCIAL FRANCE",
        }
    ]
    assert docs["dr.txt"]["meta"]["declared_above_banner"] is True
    assert docs["s.txt"]["meta"]["declared_above_banner"] is False


def test_an_incomparable_banner_is_refused(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    path = tmp_path / "otan.txt"
    path.write_text(f"NATO SECRET\n\n{PARAGRAPH_FR}", encoding="utf-8")
    other = tmp_path / "bravo.txt"
    other.write_text(f"SECRET – OPS-BRAVO\n\n{PARAGRAPH_EN}", encoding="utf-8")
    report = ingest(as_user("ts"), [path, other], "TRÈS SECRET – OPS-ALPHA", embed=False)
    assert failures(report) == {"otan.txt": "E-INGEST-BANNER", "bravo.txt": "E-INGEST-BANNER"}


def test_records_carry_their_own_label_combined_with_the_batch(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "posts.jsonl",
        [
            {"text": "Post un : convoi vu à Sarvik.", "label": "NP"},
            {"text": "Post deux : explosions à Kelmar.", "label": "SECRET – SPÉCIAL FRANCE"},
            {"text": "Post trois : rumeur de défection."},
            {"text": "SECRET\nPost quatre : bandeau dans le texte.", "label": "DR"},
        ],
    )
    report = ingest(as_user("s"), [path], "SECRET", embed=False)
    assert failures(report) == {}
    labels = {k: v["label"] for k, v in stored(as_user("s")).items()}
    # a national marking without releasability is Spécial France: every record here is
    assert set(labels) == {f"posts.jsonl#L{i}" for i in (1, 2, 3, 4)}
    assert set(labels.values()) == {"SECRET – SPÉCIAL FRANCE"}
    dr = write_jsonl(
        tmp_path / "dr.jsonl",
        [{"text": "SECRET\nUn enregistrement qui se dit Secret."}, {"text": "Ordinaire."}],
    )
    report = ingest(as_user("dr"), [dr], "DR", embed=False)
    assert failures(report) == {"dr.jsonl#L1": "E-INGEST-BANNER"} and report.ingested == 1


def test_the_command_exits_3_and_goes_on(
    store: App, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGIDE_EMBED__MODEL", "none")
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(f"SECRET\n\n{PARAGRAPH_FR}", encoding="utf-8")
    (root / "b.txt").write_text(PARAGRAPH_EN, encoding="utf-8")
    home = str(store.settings.home)
    code = run(["--store", home, "ingest", str(root), "--label", "NP", "--json"])
    assert code == 3
    data = json.loads(capsys.readouterr().out)
    assert data["ingested"] == 1
    assert [f["code"] for f in data["failed"]] == ["E-INGEST-BANNER"]
