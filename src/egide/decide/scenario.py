"""The demo's decision file (ALBÂTRE, the crossing of the Virna), end to end: the staff
imports it, the chief of staff weights the criteria, code scores the ACH matrix and the
comparison, the indicators go to ``egide watch`` and fire on the demo stream, the staff
signs its proposal, the commander validates the effet majeur and decides, and the fiche
is exported. A second run finds the file and goes on from where it stands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from egide.decide import analysis, decision, files, render, watch
from egide.stream import rules as rulesets
from egide.stream.rules import RuleSet

if TYPE_CHECKING:
    from egide.app import App

STAFF = "analyste.s"
CHIEF_OF_STAFF = "chef.em"
COMMANDER = "chef.gtia"
WEIGHTS = {"C1": 0.30, "C2": 0.25, "C3": 0.20, "C4": 0.15, "C5": 0.10}
RECOMMENDATION = "Le plus rapide et le moins coûteux en pertes ; premier au tableau."
DECISION = ("MA1", "Tenir Lipno sans agir sur la rive est pendant les pourparlers de Telvan.")
DEVIATION = "Risque d'escalade jugé inacceptable tant que Telvan se poursuit (critère C4)."

Triage = Callable[["App", RuleSet], dict[str, Any]]


def run(apps: dict[str, App], scenario: Path, out: Path, triage: Triage) -> dict[str, Any]:
    source = scenario.parent / "decision" / "albatre.yaml"
    if not source.is_file():
        return {}
    staff, chief, commander = apps[STAFF], apps[CHIEF_OF_STAFF], apps[COMMANDER]
    s_user, c_user, k_user = (a.require_user() for a in (staff, chief, commander))
    text = source.read_text(encoding="utf-8")
    title = yaml.safe_load(text)["title"]
    found = [r for r in files.listing(staff, s_user) if r["title"] == title]
    uid = found[0]["uid"] if found else files.import_yaml(staff, s_user, text, source.name).id
    if files.fetch(staff, s_user, uid).weights is None:
        decision.set_weights(chief, c_user, uid, WEIGHTS)
    lang = staff.settings.lang
    ach = analysis.ach_of(staff, s_user, uid, lang)
    table = analysis.comparison_of(staff, s_user, uid, lang=lang)
    rules_text, needs_text, exported = watch.export(staff, s_user, uid, lang)
    rules_path, needs_path = out / f"{uid}-regles.yaml", out / f"{uid}-besoins.yaml"
    rules_path.write_text(rules_text, encoding="utf-8")
    needs_path.write_text(needs_text, encoding="utf-8")
    stream = triage(staff, rulesets.parse(rules_text, rules_path.name))
    file = files.fetch(staff, s_user, uid)
    if file.recommendation is None:
        decision.recommend(staff, s_user, uid, table["ranking"][0], RECOMMENDATION)
    file = files.fetch(commander, k_user, uid)
    if file.effet_majeur is not None and file.effet_majeur.validated_by is None:
        decision.validate_effet(commander, k_user, uid)
    if file.decision is None:
        decision.record(commander, k_user, uid, *DECISION, deviation_reason=DEVIATION)
    pdf, md = out / f"{uid}-fiche.pdf", out / f"{uid}-fiche.md"
    fiche = render.export(commander, k_user, uid, md=md, pdf=pdf, lang=lang)
    final = files.fetch(commander, k_user, uid)
    assert final.decision is not None
    return {
        "file": uid,
        "title": title,
        "label": final.label,
        "version": final.version,
        "ach": {
            "ranking": ach["ranking"],
            "inconsistency": ach["inconsistency"],
            "notes": ach["notes"],
        },
        "comparison": {
            "method": table["method_name"],
            "ranking": table["ranking"],
            "scores": table["scores"],
            "sentences": table["sentences"],
            "warnings": table["warnings"],
        },
        "watch": {
            "rules": str(rules_path),
            "requirements": str(needs_path),
            "rule_ids": exported["rules"],
            "requirement_ids": exported["requirements"],
        },
        "alerts": stream.get("decision_alerts", []),
        "recommendation": final.recommendation.ma if final.recommendation else None,
        "decision": {
            "choice": final.decision.choice,
            "by": final.decision.by,
            "deviation": final.decision.deviation,
            "audit_seq": final.decision.audit_seq,
            "hashes": final.decision.hashes,
        },
        "audit_problems": decision.audited(commander, k_user, uid),
        "fiche": {"pdf": str(pdf), "md": str(md), **fiche.verification},
    }
