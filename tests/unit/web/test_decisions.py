"""The decision files' pages: every marking they show makes the banner, drafts carry the
watermark, text is escaped, no inline style or script, the slider fragment says when the
leader changes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from egide.decide import analysis
from egide.decide.model import DecisionFile
from egide.security.principals import Role, User, make_user
from egide.web.render import fragment

SECRET = "SECRET – SPÉCIAL FRANCE"
DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
INLINE = re.compile(r"\sstyle=|<style|<script|\son[a-z]+=")


@dataclass(frozen=True)
class FakeApp:
    terminal: str = "poste"


@dataclass
class FakeViewer:
    user: User
    csrf: str = "jeton"
    app: FakeApp = field(default_factory=FakeApp)

    def has(self, role: Role) -> bool:
        return self.user.has(role)


def _file(decided: bool = False) -> DecisionFile:
    ref = {"quote": "colonne <blindée>", "chunk_id": 3, "document_id": "d1", "label": DR,
           "grade": "B2"}
    data: dict[str, Any] = {
        "id": "DD-20260410-ABCDEF", "title": "Gué <de> Lipno", "label": SECRET,
        "floor_label": DR, "created_by": "em", "created": "2026-04-10T08:00:00Z",
        "updated_by": "em", "updated": "2026-04-10T09:00:00Z",
        "effet_majeur": {"text": "Empêcher le franchissement", "assumption": True},
        "me": [{"id": "ME1", "title": "Franchissement", "designation": ["probable"],
                "refs": [ref]},
               {"id": "ME2", "title": "Démonstration", "assumption": True}],
        "evidence": [{"id": "E1", "text": "Gué surveillé", "relevance": "H",
                      "ratings": {"ME1": "C", "ME2": "II"}, "refs": [{**ref, "label": SECRET}]}],
        "ma": [{"id": "MA1", "title": "Défense ferme", "assumption": True},
               {"id": "MA2", "title": "Contre-attaque", "assumption": True}],
        "criteria": [{"id": "C1", "title": "délais", "direction": "min", "assumption": True},
                     {"id": "C2", "title": "sûreté", "assumption": True}],
        "values": {"MA1": {"C1": 2, "C2": 1}, "MA2": {"C1": 6, "C2": 5}},
        "weights": {"values": {"C1": 0.7, "C2": 0.3}, "set_by": "cem", "set_at": "x",
                    "role": "chef_etat_major"},
        "recommendation": {"ma": "MA1", "reason": "plus rapide", "method": "wsum",
                           "by": "em", "at": "2026-04-10T10:00:00Z"},
    }
    if decided:
        data["decision"] = {"choice": "MA2", "reason": "sûreté", "recommended": "MA1",
                            "deviation": True, "deviation_reason": "escalade", "by": "chef",
                            "at": "2026-04-10T11:00:00Z", "version": 4, "hashes": {},
                            "audit_seq": 42}
    return DecisionFile.model_validate(data)


def _viewer(*roles: str) -> FakeViewer:
    return FakeViewer(make_user("u", "S", "FRA", roles=list(roles)))


def test_the_file_page_is_marked_by_what_it_shows_and_a_draft_until_decided() -> None:
    file = _file()
    context = {"file": file, "ach": analysis.ach_report(file), "viewer": _viewer("analyst"),
               "history": [{"version": 1, "label": DR, "change": "création", "author": "em",
                            "created_at": "2026-04-10T08:00:00Z"}]}
    body, marks = fragment("decision.html", context, "fr")
    assert marks.banner().canonical() == SECRET and marks.draft
    assert "Gué surveillé" in body and "&lt;blindée&gt;" in body and "<blindée>" not in body
    assert 'class="cell rating-II"' in body and "Proposition d&#39;état-major" in body
    assert "/decide" not in body  # only a decideur is offered the form
    assert not INLINE.search(body)
    decided, marks = fragment("decision.html", {**context, "file": _file(True),
                                                "viewer": _viewer("decideur")}, "en")
    assert not marks.draft and "/decide" in decided
    assert "Course of action chosen: MA2" in decided and "escalade" in decided


def test_the_slider_fragment_names_the_new_leader() -> None:
    file = _file()
    report = analysis.comparison_report(file)
    flipped = analysis.comparison_report(
        file.model_copy(update={"weights": file.weights.model_copy(  # type: ignore[union-attr]
            update={"values": {"C1": 0.1, "C2": 0.9}})}))
    trial = {**flipped, "saved_ranking": report["ranking"], "reversal": True}
    titles = {"MA1": "Défense ferme", "MA2": "Contre-attaque"}
    body, _ = fragment("decision_rank.html", {"trial": trial, "titles": titles,
                                              "rank_error": None, "oob": True}, "fr")
    assert 'id="reversal"' in body and "MA2 passe en tête (MA1 en tête" in body
    assert 'id="pct-C2" for="w-C2" hx-swap-oob="true">90 %' in body
    same = {**report, "saved_ranking": report["ranking"], "reversal": False}
    body, _ = fragment("decision_rank.html", {"trial": same, "titles": titles,
                                              "rank_error": None, "oob": False}, "fr")
    assert 'id="reversal"' not in body and "MA1 reste en tête" in body
    assert "hx-swap-oob" not in body and not INLINE.search(body)


def test_the_comparison_and_the_decision_form() -> None:
    file = _file()
    report = analysis.comparison_report(file)
    base = {"file": file, "report": report, "titles": {"MA1": "a", "MA2": "b"}}
    sliders = [(c, 50) for c in file.criteria]
    context = {**base, "trial": {**report, "saved_ranking": report["ranking"],
                                 "reversal": False}, "oob": False, "rank_error": None,
               "sliders": sliders, "error": None}
    body, marks = fragment("decision_comparison.html",
                           {**context, "weighs": False, "viewer": _viewer("analyst")}, "fr")
    assert marks.banner().canonical() == SECRET
    assert body.count('type="range"') == 2 and 'id="save-weights"' not in body
    assert 'hx-get="/decisions/DD-20260410-ABCDEF/rank"' in body
    body, _ = fragment("decision_comparison.html",
                       {**context, "weighs": True, "viewer": _viewer("chef_etat_major")}, "fr")
    assert 'id="save-weights"' in body and not INLINE.search(body)
    form, marks = fragment("decision_form.html", {**base, "error": None, "given": {},
                                                  "viewer": _viewer("decideur")}, "fr")
    assert marks.banner().canonical() == SECRET and marks.draft
    assert '<option value="MA1" selected>' in form and 'value="aucune"' in form
    assert not INLINE.search(form)
