"""File names and document text reach the terminal as text: no markup is interpreted, no
control, escape or invisible character gets through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egide.cli.context import clean, console, emit_json
from egide.cli.main import run

HOSTILE = "\x1b[2J\x1b]0;titre\x07\x9b31m\u202eevil\u202c\U000e0041\u200b"


def test_clean_shows_every_unsafe_character_as_an_escape() -> None:
    shown = clean(HOSTILE + "\nligne\tsuite")
    assert shown == (
        "\\x1b[2J\\x1b]0;titre\\x07\\x9b31m\\u202eevil\\u202c\\U000e0041\\u200b\nligne\tsuite"
    )
    assert clean("a\nb\tc", lines=False) == "a\\nb\\tc"
    assert clean("Café — « ok » [S1]") == "Café — « ok » [S1]"


def test_the_console_prints_markup_and_controls_as_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console().print(f"[on white][white]caché[/white] x[ {HOSTILE}")
    out = capsys.readouterr().out
    assert "[on white][white]caché[/white] x[" in out
    assert not any(c in out for c in "\x1b\x07\x9b\u202e\u202c\u200b\U000e0041")


def test_json_output_escapes_invisible_characters(capsys: pytest.CaptureFixture[str]) -> None:
    emit_json({"text": HOSTILE})
    out = capsys.readouterr().out
    assert json.loads(out) == {"text": HOSTILE}
    assert not any(c in out for c in "\x1b\x07\x9b\u202e\u202c\u200b\U000e0041")


def test_hostile_names_and_text_in_the_ingest_report_and_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGIDE_EMBED__MODEL", "none")
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping inside the names
    store = str(tmp_path / "store")
    folder = tmp_path / "x["
    folder.mkdir()
    (folder / "bon.txt").write_text(
        f"Le pont de Sarvik est fermé. {HOSTILE} Fin.", encoding="utf-8"
    )
    (folder / "vide.txt").write_bytes(b"")
    (folder / "a].txt").write_bytes(b"")  # "x[/a]": a closing tag to rich markup
    (folder / "[on white][white]caché.txt").write_bytes(b"")
    (folder / "\x1b[31mrouge\nfaux.txt").write_bytes(b"")
    assert run(["--store", store, "init", "--dev"]) == 0
    capsys.readouterr()
    assert run(["--store", store, "ingest", str(folder), "--label", "NP"]) == 3
    report = capsys.readouterr()
    out = report.out
    assert "E-INTERNAL" not in report.err and "MarkupError" not in report.err
    assert "x[/vide.txt" in out and "x[/a].txt" in out
    assert "[on white][white]caché.txt" in out
    assert "\\x1b[31mrouge\\nfaux.txt" in out
    assert "\x1b" not in out
    assert run(["--store", store, "search", "pont de Sarvik"]) == 0
    out = capsys.readouterr().out
    assert "Sarvik" in out
    assert not any(c in out for c in "\x9b\u202e\u202c\u200b\U000e0041")
