"""The demo's decision file end to end, the fiche's draft state, the quotes checked again
at export, and présupposition alerts on new evidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from egide.app import App
from egide.decide import decision, files, render, watch
from egide.decide.fiche import build
from egide.demo import _triage
from egide.errors import DecisionNotFoundError
from egide.ingest.runner import ingest
from egide.security.labels import parse_label
from egide.store import decisions
from egide.store.db import transaction
from egide.stream import rules as rulesets
from tests.conftest import REPO

ALBATRE = REPO / "examples" / "decision" / "albatre.yaml"


def _demo_file(app: App) -> str:
    rows = files.listing(app, app.require_user())
    assert len(rows) == 1, rows
    return str(rows[0]["uid"])


def test_the_demo_file_goes_from_analysis_to_a_recorded_decision(
    demo: Callable[[str], App], tmp_path: Path
) -> None:
    chef = demo("chef.gtia")
    user = chef.require_user()
    uid = _demo_file(chef)
    file = files.fetch(chef, user, uid)
    assert file.label == "SECRET – SPÉCIAL FRANCE" and len(file.ma) == 3 and len(file.me) == 2
    assert {d for h in file.me for d in h.designation} == {"probable", "dangereux"}
    assert file.weights is not None and file.weights.set_by == "chef.em"
    assert file.recommendation is not None and file.recommendation.by == "analyste.s"
    d = file.decision
    assert d is not None and d.by == "chef.gtia" and d.choice == "MA1" and d.deviation
    assert decision.audited(chef, user, uid) == []
    assert [h["change"] for h in files.history(chef, user, uid)][-1].startswith("décision")
    fiche = render.export(chef, user, uid, pdf=tmp_path / "f.pdf", md=tmp_path / "f.md")
    v = fiche.verification
    assert v["citations"] == v["verified"] > 15 and v["failures"] == []
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF") and not fiche.draft
    with pytest.raises(DecisionNotFoundError):
        files.fetch(demo("analyste.dr"), demo("analyste.dr").require_user(), uid)

    staff = demo("analyste.s")
    rules_text, _, summary = watch.export(staff, staff.require_user(), uid)
    assert "IND-I3" in summary["rules"] and "PRES-CP5" in summary["requirements"]
    assert "BR-E4-ME1" in summary["requirements"], "the unrated cell is a requirement"
    fired = _triage(staff, REPO / "examples" / "stream", rulesets.parse(rules_text, "r.yaml"))
    seen = {a["id"]: a["alerts"] for a in fired["decision_alerts"]}
    assert "indicateur I3 observé → ME le plus dangereux renforcé" in seen["m038"]
    assert any("point de décision PD1" in x for x in seen["m009"])


def test_the_fiche_is_a_draft_until_the_commander_decides(demo: Callable[[str], App]) -> None:
    staff, chief, chef = demo("analyste.s"), demo("chef.em"), demo("chef.gtia")
    text = ALBATRE.read_text(encoding="utf-8")
    file = files.import_yaml(staff, staff.require_user(), text, ALBATRE.name)
    draft = build(staff, staff.require_user(), file.id)
    assert draft.draft and draft.status == "PROJET — NON VALIDÉ"
    assert "PROJET — NON VALIDÉ" in render.markdown(draft)
    assert 'class="watermark"' in render.html(draft)
    [block] = draft.sections[-1].blocks
    assert block.kind == "blank" and "MA retenu" in block.items
    assert "Comparaison impossible" in render.markdown(draft), "no weights yet"
    decision.set_weights(chief, chief.require_user(), file.id, {"C1": 1, "C2": 1})
    decision.record(chef, chef.require_user(), file.id, "aucune", "attendre Telvan")
    done = build(chef, chef.require_user(), file.id)
    assert not done.draft and 'class="watermark"' not in render.html(done)
    assert "MA retenu : aucune" in render.markdown(done)


def test_quotes_are_checked_again_at_export(demo: Callable[[str], App]) -> None:
    staff = demo("analyste.s")
    user = staff.require_user()
    uid = _demo_file(staff)
    file = files.fetch(staff, user, uid)
    forged = file.model_copy(deep=True, update={"version": file.version + 1})
    forged.me[0].refs[0].quote = "Le colonel Arkadi Volnec a fait défection le 2 avril"
    with transaction(staff.db):  # written behind the application's back
        decisions.insert(
            staff.db,
            uid,
            forged.version,
            parse_label(file.label),
            forged.to_json(),
            "falsification",
            "intrus",
            False,
        )
    fiche = build(staff, user, uid)
    assert fiche.verification["verified"] == fiche.verification["citations"] - 1
    assert any("ME1" in f for f in fiche.verification["failures"])
    assert "⚠ ME1" in render.markdown(fiche)


def test_new_evidence_on_a_presupposition_raises_an_alert(
    demo: Callable[[str], App], tmp_path: Path
) -> None:
    staff = demo("analyste.s")
    user = staff.require_user()
    uid = _demo_file(staff)
    assert watch.assumption_alerts(staff, user, uid) == []
    folder = tmp_path / "nouveau"
    folder.mkdir()
    (folder / "cr.txt").write_text(
        "Compte rendu du 11 avril. Selon la délégation korvasienne, la Korvasie franchira la "
        "Virna quoi qu'il advienne des pourparlers de Telvan.",
        encoding="utf-8",
    )
    ingest(staff, [folder], "DR", "B2")
    alerts = watch.assumption_alerts(staff, user, uid)
    assert [a["conclusion"] for a in alerts] == ["CP5"]
    assert any("quoi qu'il advienne" in p["text"] for p in alerts[0]["passages"])
    record = staff.db.execute(
        "SELECT record FROM audit WHERE action = 'decision.assumption_alert'"
    ).fetchone()[0]
    assert json.loads(record)["data"]["conclusion"] == "CP5"
    assert "quoi qu" not in record, "the audit log holds ids, not content"
