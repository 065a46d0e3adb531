from __future__ import annotations

import json
from pathlib import Path

import pytest

from egide.cli.main import run


def test_coded_error_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--store", str(tmp_path / "none"), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E-STORE-MISSING] ") and " — " in err


def test_english_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "en", "--store", str(tmp_path / "none"), "stats"]) == 2
    assert "No Égide store" in capsys.readouterr().err


def test_invalid_setting_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGIDE_SEARCH__LIMIT", "beaucoup")
    assert run(["--store", str(tmp_path), "stats"]) == 2
    assert capsys.readouterr().err.startswith("[E-CONFIG]")


def test_init_json_then_stats_as_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "s")
    assert run(["--store", store, "init", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] is True and out["dev"] is False and out["admin"]
    assert run(["--store", store, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"documents": 0, "chunks": 0, "by_label": {}}


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--store", str(tmp_path), "ingest", "x"]) == 2  # --label is required
    assert "--label" in capsys.readouterr().err
