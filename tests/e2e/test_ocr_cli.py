"""``egide ingest`` on scans: pages in doubt shown to the analyst in their language, a
missing Tesseract as a coded error with the command that installs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import Result
from tests.e2e.test_cli import setup_store
from tests.fixtures import write_scan

Run = Callable[..., Result]


def said(res: Result) -> str:
    """The standard output as one line (the terminal wraps long messages)."""
    return " ".join(res.out.split())


def test_scans_through_the_command_line(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    scans = tmp_path / "scans"
    scans.mkdir()
    write_scan(scans / "scan.png", ["Une patrouille a signalé trois drones au-dessus de Marevo."])
    absent = {"EGIDE_INGEST__OCR__TESSERACT": str(tmp_path / "no-such-tesseract")}
    res = egide("ingest", str(scans), "--label", "DR", user="ana.s", **absent)
    assert res.code == 3, res.err
    assert "[E-OCR-MISSING] Reconnaissance de caractères indisponible" in said(res)
    assert "apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng" in said(res)
    res = egide("--lang", "en", "ingest", str(scans), "--label", "DR", user="ana.s", **absent)
    assert "[E-OCR-MISSING] Character recognition unavailable" in said(res)

    strict = {"EGIDE_INGEST__OCR__MIN_CONFIDENCE": "99.9"}
    res = egide("ingest", str(scans), "--label", "DR", "--no-wait", user="ana.s", **strict)
    assert res.code == 0, res.out + res.err
    assert "scan.png, page 1 : lecture à vérifier (confiance" in said(res)
    assert "relisez l'original" in said(res)
    res = egide("search", "drones Marevo", "--json", user="ana.dr")
    [hit, *_] = res.json()["results"]
    assert hit["document"]["path"].endswith("scan.png")
    assert hit["label"] == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
