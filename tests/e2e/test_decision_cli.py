"""``egide decision`` end to end: a file built by hand at the command line, weighted by
the chief of staff, compared, its indicator watched on a real stream, decided by the
commander, exported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import Result

Run = Callable[..., Result]
QUOTE = "une colonne de douze véhicules blindés a été observée"


def test_a_decision_file_at_the_command_line(egide: Run, tmp_path: Path) -> None:
    def run(*args: str, user: str = "em", code: int = 0) -> Result:
        res = egide(*args, user=user, EGIDE_EMBED__MODEL="none")
        assert res.code == code, (args, res.out, res.err)
        return res

    run("init", "--dev", user="")
    for name, roles in (("em", ["analyst"]), ("cem", ["chef_etat_major"]), ("chef", ["decideur"])):
        role_args = [a for r in roles for a in ("--role", r)]
        run("user", "add", name, "--clearance", "S", "--nationality", "FRA", *role_args, user="")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "cr.txt").write_text(
        f"Compte rendu. Le 14 mars 2026, {QUOTE} près du pont de Sarvik.", encoding="utf-8"
    )
    run("ingest", str(docs), "--label", "DR", "--grade", "B2")

    uid = run("decision", "create", "Franchissement", "--label", "DR", "--json").json()["id"]
    run(
        "decision",
        "add",
        uid,
        "me",
        "--title",
        "Franchissement à Lipno",
        "--cite",
        f"cr.txt::{QUOTE}",
    )
    run("decision", "add", uid, "me", "--title", "Démonstration", "--assumption")
    found = run("decision", "evidence", uid, "colonne de blindés", "--json").json()["passages"]
    assert found and QUOTE in found[0]["text"] and found[0]["grade"] == "B2"
    bad = run("decision", "add", uid, "me", "--title", "Sans source", code=2)
    assert bad.err.startswith("[E-DECISION]") and "présupposition" in bad.err
    run(
        "decision",
        "add",
        uid,
        "evidence",
        "--text",
        "Colonne de 12 blindés",
        "--cite",
        f"cr.txt::{QUOTE}",
    )
    run("decision", "rate", uid, "E1", "ME1", "C")
    run("decision", "rate", uid, "E1", "ME2", "II")
    for title in ("Défense ferme", "Contre-attaque"):
        run("decision", "add", uid, "ma", "--title", title, "--assumption")
    run(
        "decision",
        "add",
        uid,
        "criterion",
        "--title",
        "délais",
        "--field",
        "direction=min",
        "--assumption",
    )
    run("decision", "add", uid, "criterion", "--title", "effet", "--assumption")
    for ma, c, v in (
        ("MA1", "C1", "6"),
        ("MA1", "C2", "3"),
        ("MA2", "C1", "4"),
        ("MA2", "C2", "2"),
    ):
        run("decision", "value", uid, ma, c, v)
    denied = run("decision", "weights", uid, "C1=0.6", "C2=0.4", code=4)
    assert denied.err.startswith("[E-ACCESS-DENIED]")
    run("decision", "weights", uid, "C1=0.6", "C2=0.4", user="cem")

    ach = run("decision", "ach", uid, "--json").json()
    assert ach["ranking"] == ["ME1", "ME2"] and ach["inconsistency"]["ME2"] > 0
    compared = run("decision", "compare", uid, "--json").json()
    assert compared["ranking"] == ["MA2", "MA1"]
    for method in ("topsis", "promethee"):
        assert run("decision", "compare", uid, "--method", method, "--json").json()["ranking"]
    thresholds = run("decision", "sensitivity", uid, "--json").json()["thresholds"]
    assert {t["criterion"] for t in thresholds} == {"C1", "C2"}

    run(
        "decision",
        "add",
        uid,
        "indicator",
        "--text",
        "Pont flottant PMP vers la berge",
        "--me",
        "ME1",
        "--when",
        '{"any": ["PMP", "pont flottant"]}',
        "--assumption",
    )
    rules, needs = tmp_path / "regles.yaml", tmp_path / "besoins.yaml"
    run("decision", "watch", uid, "--rules", str(rules), "--requirements", str(needs))
    assert rules.read_text(encoding="utf-8").startswith("# DIFFUSION RESTREINTE")
    stream = tmp_path / "flux.jsonl"
    stream.write_text(
        json.dumps({"id": "m1", "text": "8 poids lourds PMP quittent le bois vers la berge."})
        + "\n"
        + json.dumps({"id": "m2", "text": "Rien à signaler."})
        + "\n",
        encoding="utf-8",
    )
    lines = run("watch", str(stream), "--rules", str(rules), "--label", "DR", "--json").lines()
    alerts = [x for x in lines if x.get("alert")]
    assert [a["id"] for a in alerts] == ["m1"]
    assert alerts[0]["why"][0]["description"] == (
        "indicateur I1 observé → ME1 « Franchissement à Lipno » renforcé"
    )

    run("decision", "recommend", uid, "MA2", "--reason", "premier au tableau")
    run("decision", "decide", uid, "--choice", "MA2", "--reason", "ok", code=4)
    refused = run(
        "--lang",
        "en",
        "decision",
        "decide",
        uid,
        "--choice",
        "MA1",
        "--reason",
        "tenir",
        user="chef",
        code=2,
    )
    assert refused.err.startswith("[E-DECISION] Decision file refused")
    run(
        "decision",
        "decide",
        uid,
        "--choice",
        "MA1",
        "--reason",
        "tenir",
        "--deviation",
        "pertes",
        user="chef",
    )
    out = tmp_path / "fiche"
    res = run(
        "decision",
        "export",
        uid,
        "--md",
        f"{out}.md",
        "--pdf",
        f"{out}.pdf",
        "--json-out",
        f"{out}.json",
        "--yaml",
        f"{out}.yaml",
        "--json",
        user="chef",
    )
    assert res.json()["verification"]["verified"] == res.json()["verification"]["citations"] == 2
    md = Path(f"{out}.md").read_text(encoding="utf-8")
    banner = "**DIFFUSION RESTREINTE – SPÉCIAL FRANCE**"
    assert md.startswith(banner) and md.rstrip().endswith(banner)
    assert "MA retenu : MA1" in md and "PROJET — NON VALIDÉ" not in md
    assert Path(f"{out}.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))["file"]["decision"]
    assert run("decision", "check", uid, "--json").json()["decision_audit"] == []
    versions = run("decision", "history", uid, "--json").json()["versions"]
    assert len(versions) >= 15 and versions[-1]["decided"] == 1
    again = run("decision", "import", f"{out}.yaml", "--json", code=2)
    assert "decision" in again.err, "a decision cannot be imported"
