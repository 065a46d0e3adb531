"""Exports: PDF pages rendered to images carry the banner, drafts carry the watermark;
STIX bundles validate with the stix2 library; product commands end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
import stix2

from egide.app import App
from egide.products import brief, lifecycle
from egide.products.export import pdf, stix
from egide.products.model import Brief

QUESTION = "pont de Sarvik détruit"


def test_pdf_banner_on_every_page_and_draft_watermark(
    demo: Callable[[str], App], tmp_path: Path
) -> None:
    b = brief.create(demo("analyste.s"), QUESTION, engine="extractive")
    out = tmp_path / "fiche.pdf"
    pdf.write(b, out)
    document = pdfium.PdfDocument(str(out))
    assert len(document) >= 2
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage().get_text_range()
        assert text.count(b.label) >= 2, f"banner top and bottom, page {index + 1}"
        assert "PROJET" in text and "NON VALIDÉ" in text
        pixels = np.asarray(page.render(scale=1).to_pil().convert("L"))
        top = pixels[: pixels.shape[0] // 14]
        bottom = pixels[-pixels.shape[0] // 14 :]
        assert (top < 200).any() and (bottom < 200).any(), "banner ink at top and bottom"


def test_validated_pdf_has_no_watermark(demo: Callable[[str], App], tmp_path: Path) -> None:
    b = brief.create(demo("analyste.dr"), QUESTION, engine="extractive")
    body = lifecycle.decide(demo("analyste.s"), b.id, "validated", "Relu et recoupé.")
    out = tmp_path / "v.pdf"
    pdf.write(Brief.model_validate(body), out)
    text = pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range()
    assert "NON VALIDÉ" not in text and "analyste.s" in text


def test_stix_bundle_validates(demo: Callable[[str], App]) -> None:
    b = brief.create(demo("analyste.s"), QUESTION, engine="extractive")
    parsed = stix2.parse(stix.bundle(b), allow_custom=False)
    kinds = {o.type for o in parsed.objects}
    assert {"report", "marking-definition", "identity", "note"} <= kinds
    marking = next(o for o in parsed.objects if o.type == "marking-definition")
    assert marking.definition.statement == b.label
    assert all(
        marking.id in o.object_marking_refs
        for o in parsed.objects
        if o.type != "marking-definition"
    )
    notes = [o for o in parsed.objects if o.type == "note"]
    assert len(notes) == len(b.claims)
    assert all(ref.description.startswith("doc-") for n in notes for ref in n.external_references)
    if any(e.lat is not None for e in b.entities):
        assert "location" in kinds


@pytest.mark.parametrize("as_json", [True, False])
def test_brief_and_product_commands(
    demo: Callable[[str], App],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    from egide.cli.main import run

    home = str(demo("analyste.dr").home)
    monkeypatch.setenv("EGIDE_USER", "analyste.dr")
    args = [
        "--store",
        home,
        "brief",
        QUESTION,
        "--engine",
        "extractive",
        "--pdf",
        str(tmp_path / "b.pdf"),
        "--stix",
        str(tmp_path / "b.json"),
    ]
    assert run([*args, "--json"] if as_json else [*args, "--md"]) == 0
    out = capsys.readouterr().out
    uid = json.loads(out)["id"] if as_json else out.split("# FICHE DE SYNTHÈSE ")[1].split()[0]
    assert (tmp_path / "b.pdf").stat().st_size > 1000
    stix2.parse((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert run(["--store", home, "product", "list", "--json"]) == 0
    assert uid in capsys.readouterr().out
    monkeypatch.setenv("EGIDE_USER", "analyste.s")
    assert run(["--store", home, "product", "validate", uid, "--reason", "ok", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "validated"
    assert run(["--store", home, "product", "export", uid, "--md", str(tmp_path / "v.md")]) == 0
    assert "NON VALIDÉ" not in (tmp_path / "v.md").read_text(encoding="utf-8")


def test_kill_switch(
    demo: Callable[[str], App], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from egide.cli.main import run

    app = demo("analyste.dr")
    home = str(app.home)
    monkeypatch.setenv("EGIDE_LLM__BACKEND", "openai")
    monkeypatch.setenv("EGIDE_LLM__URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("EGIDE_USER", "analyste.dr")
    assert run(["--store", home, "llm", "off"]) == 4  # not an administrator
    monkeypatch.delenv("EGIDE_USER")
    assert run(["--store", home, "llm", "off", "--reason", "essai"]) == 0
    monkeypatch.setenv("EGIDE_USER", "analyste.dr")
    assert run(["--store", home, "brief", QUESTION, "--engine", "llm"]) == 5
    assert "[E-LLM]" in capsys.readouterr().err
    assert run(["--store", home, "brief", QUESTION, "--json"]) == 0  # auto: extractive
    assert json.loads(capsys.readouterr().out)["engine"] == "extractive"
