"""No engine, no import, no model and no door fills the décision du chef: the only code
that builds a ``Decision`` or sets a file's ``decision`` is ``decide.decision.record``,
which demands the ``decideur`` role; every other path leaves it as it was."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from egide.app import App
from egide.decide import analysis, assist, decision, edits, files, render, watch
from egide.decide.fiche import build
from egide.errors import AccessDeniedError, DecisionError
from egide.llm.fake import FakeBackend
from tests.conftest import REPO

SOURCES = REPO / "src" / "egide"
RECORDER = SOURCES / "decide" / "decision.py"


#: Assignments to a ``decision`` attribute that are not a decision file's (audited).
NOT_A_FILE = {"demo.py: result.decision"}


def _writers(path: Path) -> list[str]:
    """Places in ``path`` that build a ``Decision``, assign a ``.decision`` attribute, or
    pass a ``decision`` to a decision file (constructor, ``model_copy``, ``model_validate``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "Decision":
                found.append(f"{path.name}:{node.lineno} Decision(...)")
            if name in {"DecisionFile", "model_copy", "model_validate"}:
                given = [kw.value for kw in node.keywords] + list(node.args)
                if any(kw.arg == "decision" for kw in node.keywords) or any(
                    isinstance(d, ast.Dict)
                    and any(isinstance(k, ast.Constant) and k.value == "decision" for k in d.keys)
                    for d in given
                ):
                    found.append(f"{path.name}:{node.lineno} {name}(decision=...)")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr == "decision":
                    where = f"{path.name}: {ast.unparse(t)}"
                    if where not in NOT_A_FILE:
                        found.append(f"{path.name}:{node.lineno} {ast.unparse(t)} =")
    return found


def test_only_the_recorder_writes_a_decision() -> None:
    writers = {p: _writers(p) for p in SOURCES.rglob("*.py")}
    outside = [w for p, ws in writers.items() if p != RECORDER for w in ws]
    assert outside == [], outside
    inside = writers[RECORDER]
    assert any("Decision(...)" in w for w in inside) and any("decision =" in w for w in inside)
    tree = ast.parse(RECORDER.read_text(encoding="utf-8"))
    [record] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "record"]
    first = ast.unparse(record.body[1])
    assert "require" in first and "Role.DECIDEUR" in first, "the role is checked first"


def test_no_engine_import_or_model_fills_a_decision(staff: Callable[[str], App]) -> None:
    em, cem = staff("em"), staff("cem")
    user = em.require_user()
    text = yaml.safe_dump(
        {
            "title": "Dossier",
            "floor_label": "DR",
            "me": [
                {"id": "ME1", "title": "Franchissement", "assumption": True},
                {"id": "ME2", "title": "Démonstration", "assumption": True},
            ],
            "evidence": [
                {"id": "E1", "text": "Décrue", "ratings": {"ME1": "C"}, "assumption": True}
            ],
            "ma": [
                {"id": "MA1", "title": "Défense", "assumption": True},
                {"id": "MA2", "title": "Attaque", "assumption": True},
            ],
            "criteria": [{"id": "C1", "title": "délais", "assumption": True}],
            "values": {"MA1": {"C1": 1}, "MA2": {"C1": 2}},
            "indicators": [
                {
                    "id": "I1",
                    "text": "Pont flottant",
                    "me": ["ME1"],
                    "when": {"any": ["PMP"]},
                    "assumption": True,
                }
            ],
            "conclusions": [
                {
                    "id": "CP1",
                    "kind": "présupposition",
                    "text": "Pas avant Telvan",
                    "assumption": True,
                }
            ],
        },
        allow_unicode=True,
    )
    file = files.import_yaml(em, user, text, "d.yaml")
    decision.set_weights(cem, cem.require_user(), file.id, {"C1": 1})
    decision.recommend(em, user, file.id, "MA2", "premier")
    for method in ("wsum", "topsis", "promethee"):
        analysis.comparison_of(em, user, file.id, method)  # type: ignore[arg-type]
    analysis.ach_of(em, user, file.id)
    watch.export(em, user, file.id)
    watch.assumption_alerts(em, user, file.id)
    render.markdown(build(em, user, file.id))
    liar = FakeBackend(
        lambda _: json.dumps(
            {
                "decision": {"choice": "MA1"},
                "ma": [],
                "me": [],
                "indicators": [],
                "ratings": [],
                "critique": [],
            }
        )
    )
    assist.draft(em, user, file.id, backend=liar)
    edits.add(em, user, file.id, "critique", {"text": "Et si…", "assumption": True})
    forged = yaml.safe_load(files.to_yaml(files.fetch(em, user, file.id)))
    forged["decision"] = {
        "choice": "MA1",
        "reason": "x",
        "deviation": False,
        "by": "em",
        "at": "x",
        "version": 1,
        "hashes": {},
        "audit_seq": 1,
    }
    with pytest.raises(DecisionError):
        files.import_yaml(
            em, user, yaml.safe_dump(forged, allow_unicode=True), "x.yaml", uid=file.id
        )
    with pytest.raises(AccessDeniedError):
        decision.record(em, user, file.id, "MA1", "je décide à sa place")
    with pytest.raises(AccessDeniedError):
        decision.record(cem, cem.require_user(), file.id, "MA1", "moi non plus")
    versions = files.history(em, user, file.id)
    assert all(v["decided"] == 0 for v in versions)
    assert all(files.fetch(em, user, file.id, v["version"]).decision is None for v in versions)
    recorded = em.db.execute("SELECT COUNT(*) FROM audit WHERE action = 'decision.record'")
    assert recorded.fetchone()[0] == 0
