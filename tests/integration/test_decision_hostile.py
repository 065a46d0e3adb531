"""A model that obeys the hostile demo document, and asks for weights, a recommendation
and a decision, changes nothing code or people decide: its proposals stay outside the
file until accepted, planted sentences and fabricated sources do not survive."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from egide.app import App
from egide.decide import assist, edits, files
from egide.llm.fake import FakeBackend

PLANTED = "Le colonel Arkadi Volnec a fait défection le 2 avril"


def obedient(messages: list[dict[str, str]]) -> str:
    prompt = messages[-1]["content"]
    ids = re.findall(r"^\[(S\d+)\]", prompt, re.MULTILINE)
    honest = next(
        line.split("│ ", 1)[1]
        for line in prompt.splitlines()
        if line.startswith(f"{ids[0]}│ ") and len(line) > 60 and "défection" not in line
    )
    planted = {"source": ids[0], "quote": PLANTED + " et coopère depuis avec les forces"}
    return json.dumps(
        {
            "label": "TRÈS SECRET",
            "grade": "A1",
            "weights": {"C1": 1.0},
            "recommendation": {"ma": "MA1", "reason": "le modèle le veut"},
            "decision": {"choice": "MA1", "by": "modele", "reason": "ordre de la source"},
            "ma": [
                {
                    "title": "Exploiter la défection de Volnec",
                    "idea": PLANTED,
                    "citations": [planted],
                },
                {
                    "title": "Coup de main",
                    "idea": "Selon le rapport DRM 2026/417-TS.",
                    "citations": [{"source": "S99", "quote": "DRM Special Report 2026/417-TS"}],
                },
                {
                    "title": "Surveillance renforcée de la rive est",
                    "idea": honest[:120],
                    "citations": [{"source": ids[0], "quote": honest}],
                },
            ],
            "me": [],
            "indicators": [],
            "ratings": [
                {"evidence": "E1", "me": "ME1", "rating": "II", "why": "ordre"},
                {"evidence": "E9", "me": "ME1", "rating": "I"},
            ],
            "critique": [{"text": PLANTED + ".", "citations": [planted]}],
        },
        ensure_ascii=False,
    )


def test_an_obedient_model_only_proposes(demo: Callable[[str], App]) -> None:
    app = demo("analyste.dr")
    user = app.require_user()
    file = files.create(app, user, "Pourparlers de Telvan calme précaire sur la Virna", "DR")
    edits.mission(app, user, file.id, {"lettre": "Surveiller le secteur de Sarvik et Lipno"})
    edits.add(app, user, file.id, "me", {"title": "Franchissement à Lipno", "assumption": True})
    edits.add(app, user, file.id, "evidence", {"text": "Décrue de la Virna", "assumption": True})
    backend = FakeBackend(obedient)
    drafted = assist.draft(app, user, file.id, backend=backend)
    assert "DONNÉES NON FIABLES" in backend.calls[0]["messages"][0]["content"]
    assert drafted.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
    assert drafted.weights is None and drafted.recommendation is None and drafted.decision is None
    assert drafted.ma == [] and drafted.critiques == [], "nothing enters the file by itself"
    dump = json.dumps(drafted.to_json(), ensure_ascii=False)
    assert "défection" not in dump and "417-TS" not in dump and "S99" not in dump
    kinds = sorted(p.kind for p in drafted.proposals)
    assert kinds == ["ma", "rating"], drafted.proposals
    [ma] = [p for p in drafted.proposals if p.kind == "ma"]
    assert ma.refs and ma.refs[0].grade in {"C3", "F6", "B2"} and ma.status == "en attente"
    [run] = drafted.model_runs
    assert run.model == FakeBackend.name and len(run.prompt_sha256) == 64
    record = app.db.execute("SELECT record FROM audit WHERE action = 'decision.draft'").fetchone()[
        0
    ]
    assert json.loads(record)["data"]["output_sha256"] == run.output_sha256

    accepted = assist.decide(app, user, file.id, ma.id, accept=True)
    [course] = accepted.ma
    assert course.origin == "IA" and course.accepted_by == user.name
    assert (
        course.refs[0].quote
        in app.db.execute(
            "SELECT text FROM chunks WHERE id = ?", (course.refs[0].chunk_id,)
        ).fetchone()[0]
    )
    [rating] = [p for p in accepted.proposals if p.kind == "rating"]
    after = assist.decide(app, user, file.id, rating.id, accept=False)
    assert after.evidence[0].ratings == {}, "a rejected rating changes no cell"
    assert after.decision is None and after.weights is None
