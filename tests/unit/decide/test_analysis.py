"""Weights tried on the comparison (the pages' sliders): re-ranked, compared with the
file's own weights, never saved, and refused when they cannot be weights."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from egide.app import App
from egide.decide import analysis, decision, edits, files
from egide.errors import DecisionError, DecisionNotFoundError


def _file(staff: Callable[[str], App], weigh: bool = True) -> str:
    """Two MA and two criteria: MA1 is faster (C1, lower is better), MA2 safer (C2)."""
    em = staff("em")
    user = em.require_user()
    uid = files.create(em, user, "Franchissement de la Virna", "DR").id
    for kind, fields in [
        ("ma", {"title": "Défense ferme", "assumption": True}),
        ("ma", {"title": "Contre-attaque", "assumption": True}),
        ("criterion", {"title": "délais", "direction": "min", "assumption": True}),
        ("criterion", {"title": "sûreté", "assumption": True}),
    ]:
        edits.add(em, user, uid, kind, fields)
    for ma, c, v in [("MA1", "C1", 2), ("MA1", "C2", 1), ("MA2", "C1", 6), ("MA2", "C2", 5)]:
        edits.value(em, user, uid, ma, c, v)
    if weigh:
        cem = staff("cem")
        decision.set_weights(cem, cem.require_user(), uid, {"C1": 0.7, "C2": 0.3})
    return uid


def test_weights_tried_rerank_without_saving_and_name_the_reversal(
    staff: Callable[[str], App],
) -> None:
    uid = _file(staff)
    em = staff("em")
    user = em.require_user()
    before = files.fetch(em, user, uid)
    same = analysis.trial_of(em, user, uid, {"C1": 0.6, "C2": 0.4})
    assert same["ranking"] == same["saved_ranking"] == ["MA1", "MA2"] and not same["reversal"]
    flipped = analysis.trial_of(em, user, uid, {"C1": 10, "C2": 90})
    assert flipped["ranking"] == ["MA2", "MA1"] and flipped["saved_ranking"] == ["MA1", "MA2"]
    assert flipped["reversal"] and flipped["weights"] == {"C1": 0.1, "C2": 0.9}
    assert flipped["thresholds"] and flipped["label"] == before.label
    assert flipped["titles"] == {"MA1": "Défense ferme", "MA2": "Contre-attaque"}
    after = files.fetch(em, user, uid)
    assert after.version == before.version and after.weights == before.weights
    reads = em.db.execute(
        "SELECT record FROM audit WHERE action = 'decision.read' AND actor = 'em'"
    ).fetchall()
    assert sum("essai de poids" in json.loads(r["record"])["data"]["what"] for r in reads) == 2


def test_weights_that_are_not_weights_are_refused(staff: Callable[[str], App]) -> None:
    uid = _file(staff)
    em = staff("em")
    user = em.require_user()
    for bad in ({"C1": 0, "C2": 0}, {"C1": -1, "C2": 2}, {"C9": 1}):
        with pytest.raises(DecisionError):
            analysis.trial_of(em, user, uid, bad)
    with pytest.raises(DecisionNotFoundError):
        analysis.trial_of(em, user, "DD-00000000-000000", {"C1": 1})


def test_weights_tried_on_a_file_not_yet_weighted(staff: Callable[[str], App]) -> None:
    uid = _file(staff, weigh=False)
    em = staff("em")
    tried = analysis.trial_of(em, em.require_user(), uid, {"C2": 1})
    assert tried["ranking"] == ["MA2", "MA1"] and tried["saved_ranking"] is None
    assert not tried["reversal"] and tried["weights"] == {"C1": 0.0, "C2": 1.0}
