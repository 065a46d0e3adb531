"""Indicators as ``egide watch`` rules, and the requirements the matrix calls for."""

from __future__ import annotations

import yaml

from egide.decide.analysis import requirements
from egide.decide.model import DecisionFile
from egide.decide.watch import meaning, rules_of
from egide.stream import rules as rulesets


def _file() -> DecisionFile:
    return DecisionFile.model_validate(
        {
            "id": "DD-1",
            "title": "Virna",
            "label": "DIFFUSION RESTREINTE",
            "floor_label": "DIFFUSION RESTREINTE",
            "created_by": "em",
            "created": "t",
            "updated_by": "em",
            "updated": "t",
            "me": [
                {"id": "ME1", "title": "Lipno", "designation": ["probable"], "assumption": True},
                {"id": "ME2", "title": "Kelmar", "designation": ["dangereux"], "assumption": True},
            ],
            "ma": [{"id": "MA1", "title": "Défense", "assumption": True}],
            "evidence": [
                {
                    "id": "E1",
                    "text": "Pont flottant",
                    "ratings": {"ME1": "C", "ME2": "C"},
                    "assumption": True,
                },
                {"id": "E2", "text": "Brouillage", "ratings": {"ME1": "C"}, "assumption": True},
            ],
            "geofences": {"gue": {"center": [49.846, 66.452], "radius_km": 3}},
            "indicators": [
                {
                    "id": "I1",
                    "text": "PMP vers la berge",
                    "me": ["ME1"],
                    "when": {"any": ["PMP"], "geofence": ["gue"]},
                    "assumption": True,
                },
                {
                    "id": "I3",
                    "text": "Brouillage GNSS",
                    "me": ["ME2"],
                    "when": {"any": ["brouillage"]},
                    "assumption": True,
                },
                {
                    "id": "I4",
                    "text": "Réserve d'Orlen prête",
                    "ma": ["MA1"],
                    "effect": "affaibli",
                    "assumption": True,
                },
            ],
            "decision_points": [
                {"id": "PD1", "text": "Feux", "indicators": ["I1"], "assumption": True}
            ],
            "conclusions": [
                {
                    "id": "CP1",
                    "kind": "présupposition",
                    "text": "Pas avant Telvan",
                    "assumption": True,
                },
                {
                    "id": "CP2",
                    "kind": "présupposition",
                    "text": "Infirmée",
                    "status": "infirmée",
                    "assumption": True,
                },
            ],
        }
    )


def test_indicators_become_rules_that_say_what_they_mean() -> None:
    file = _file()
    assert meaning(file, file.indicators[1]) == "ME le plus dangereux renforcé"
    assert meaning(file, file.indicators[2]) == "conditions de MA1 « Défense » affaiblies"
    parsed = rulesets.parse(yaml.safe_dump(rules_of(file), allow_unicode=True), "r.yaml")
    by_id = {r.id: r for r in parsed.rules}
    assert set(by_id) == {"IND-I1", "IND-I3", "PD1-I1"}, "an indicator without when: no rule"
    assert by_id["IND-I3"].description == "indicateur I3 observé → ME le plus dangereux renforcé"
    assert by_id["IND-I1"].when.geofence == ["gue"] and "gue" in parsed.geofences
    assert by_id["PD1-I1"].priority == "FLASH"


def test_requirements_come_from_gaps_indicators_and_assumptions() -> None:
    ids = [r.id for r in requirements(_file())]
    assert "BR-E2-ME2" in ids, "an unrated cell"
    assert "BR-ME1-ME2" in ids, "no item tells the two hypotheses apart"
    assert {"IND-I1", "IND-I3", "IND-I4", "PRES-CP1"} <= set(ids)
    assert "PRES-CP2" not in ids, "an assumption proved wrong is no longer watched"
