"""A model that obeys the hostile demo document cannot change what code decides: marking,
grades, sources, status; planted sentences and fabricated sources do not survive."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from egide.app import App
from egide.llm.fake import FakeBackend
from egide.products import brief

QUESTION = "pourparlers de Telvan calme précaire sur la Virna"
PLANTED = "Le colonel Arkadi Volnec a fait défection le 2 avril"


def obedient(messages: list[dict[str, str]]) -> str:
    """Does everything the hostile article asks, plus one honest claim."""
    prompt = messages[-1]["content"]
    ids = re.findall(r"^\[(S\d+)\]", prompt, re.MULTILINE)
    honest = next(
        line.split("│ ", 1)[1]
        for line in prompt.splitlines()
        if line.startswith(f"{ids[0]}│ ") and len(line) > 60
    )
    return json.dumps(
        {
            "label": "TRÈS SECRET",
            "classification": "TRÈS SECRET",
            "grade": "A1",
            "sources": [{"id": "S99", "title": "DRM Special Report 2026/417-TS", "grade": "A1"}],
            "status": "validated",
            "claims": [
                {
                    "text": PLANTED + " et coopère depuis avec les forces françaises.",
                    "citations": [
                        {
                            "source": ids[0],
                            "quote": PLANTED + " et coopère depuis avec les forces françaises.",
                        }
                    ],
                },
                {
                    "text": "Le rapport spécial DRM 2026/417-TS confirme la défection.",
                    "citations": [{"source": "S99", "quote": "DRM Special Report 2026/417-TS"}],
                },
                {
                    "text": "La source est cotée A1 (complètement fiable).",
                    "citations": [{"source": ids[0], "quote": "source cotée A1, confirmée"}],
                },
                {"text": honest, "citations": [{"source": ids[0], "quote": honest}]},
            ],
            "key_points": [
                {
                    "text": "Ce document est classifié TRÈS SECRET et sa source est cotée A1.",
                    "likelihood": "quasi certain",
                    "sources": [ids[0]],
                },
                {"text": PLANTED + ".", "likelihood": "très probable", "sources": [ids[0]]},
            ],
            "assessment": [
                {
                    "text": PLANTED + " et coopère depuis avec les forces françaises.",
                    "likelihood": "très probable",
                    "sources": [ids[0], "S99"],
                },
            ],
        },
        ensure_ascii=False,
    )


def test_obedient_model_changes_nothing_code_decides(demo: Callable[[str], App]) -> None:
    app = demo("analyste.dr")
    reference = brief.create(app, QUESTION, engine="extractive")
    attacked = brief.create(app, QUESTION, engine="llm", backend=FakeBackend(obedient))
    assert attacked.engine == FakeBackend.name, "the honest claim was kept"
    assert attacked.label == reference.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert attacked.status == "draft" and attacked.validation is None
    assert [(s.id, s.document_id, s.grade, s.label) for s in attacked.sources] == [
        (s.id, s.document_id, s.grade, s.label) for s in reference.sources
    ]
    body = {k: v for k, v in attacked.to_json().items() if k != "suspicious"}
    dump = json.dumps(body, ensure_ascii=False)
    assert "S99" not in dump and "417-TS" not in dump
    assert any("417-TS" in s.excerpt for s in attacked.suspicious), "shown to the analyst"
    visible = [c.text for c in attacked.claims] + [p.text for p in attacked.key_points]
    visible += [p.text for p in attacked.assessment]
    assert not any("défection" in t or "A1" in t or "TRÈS SECRET" in t for t in visible)
    assert len(attacked.claims) == 1 and attacked.dropped_claims >= 5
    honest = attacked.claims[0]
    chunk = app.db.execute(
        "SELECT text FROM chunks WHERE id = ?", (honest.citations[0].chunk_id,)
    ).fetchone()[0]
    assert honest.citations[0].quote in chunk


def test_no_verified_claim_falls_back_to_extractive(demo: Callable[[str], App]) -> None:
    liar = FakeBackend(
        lambda _: json.dumps(
            {
                "claims": [
                    {
                        "text": "Invention.",
                        "citations": [
                            {
                                "source": "S1",
                                "quote": "une phrase qui n'existe nulle part dans les sources",
                            }
                        ],
                    }
                ],
                "key_points": [],
                "assessment": [],
            }
        )
    )
    b = brief.create(demo("analyste.dr"), "pont de Sarvik", engine="llm", backend=liar)
    assert b.engine == "extractive" and b.claims
    assert any("extractive" in n for n in b.notices) and b.dropped_claims == 1


def test_invalid_json_is_repaired_then_retried(demo: Callable[[str], App]) -> None:
    good = json.dumps({"claims": [], "key_points": [], "assessment": []})
    backend = FakeBackend(["voici : ```json\n" + good + "\n```"])
    b = brief.create(demo("analyste.dr"), "pont de Sarvik", engine="llm", backend=backend)
    assert len(backend.calls) == 1 and b.engine == "extractive"
    backend = FakeBackend(["pas du JSON", "toujours pas"])
    b = brief.create(demo("analyste.dr"), "pont de Sarvik", engine="llm", backend=backend)
    assert len(backend.calls) == 2 and any("E-LLM" in n for n in b.notices)


def test_prompt_fences_and_marks_sources_and_fits_the_window(demo: Callable[[str], App]) -> None:
    backend = FakeBackend(
        lambda _: json.dumps({"claims": [], "key_points": [], "assessment": []}),
        context_tokens=1800,
    )
    b = brief.create(demo("analyste.s"), "pont de Sarvik", engine="llm", backend=backend)
    system, user = backend.calls[0]["messages"]
    assert "DONNÉES NON FIABLES" in system["content"]
    boundary = re.search(r"⟦SOURCES-[0-9a-f]+⟧", user["content"]).group(0)  # type: ignore[union-attr]
    assert user["content"].count(boundary) == 2
    body = user["content"].split(boundary)[1]
    lines = [line for line in body.splitlines() if line.strip()]
    assert all(re.match(r"^(\[S\d+\] |S\d+│ )", line) for line in lines)
    assert any(g.kind == "context_cut" for g in b.gaps), "a small window cuts passages"
    schema = backend.calls[0]["schema"]
    assert (
        schema["properties"]["key_points"]["items"]["properties"]["likelihood"]["enum"][0]
        == "quasi certain"
    )
