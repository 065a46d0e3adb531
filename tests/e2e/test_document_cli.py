"""``egide document show | reclassify | retract`` and the readable search results, from the
command line, in French and in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import Result

Run = Callable[..., Result]
CANARY = "canari-correction-2718"


def setup(egide: Run, tmp_path: Path) -> str:
    assert egide("init", "--dev", "--json").code == 0
    for name, level, roles in (
        ("ana.dr", "DR", ["analyst"]),
        ("ana.s", "S", ["analyst"]),
        ("rssi", "S", ["security_officer"]),
    ):
        args = ["user", "add", name, "--clearance", level, "--nationality", "FRA"]
        for role in roles:
            args += ["--role", role]
        assert egide(*args).code == 0
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "DIFFUSION RESTREINTE\n\nCompte rendu de patrouille\n\nLa patrouille a longé la Virna. "
        f"Le pont de Sarvik est miné ({CANARY}) depuis le 14 mars 2026.",
        encoding="utf-8",
    )
    (docs / "b.txt").write_text("Le pont de Sarvik reste ouvert aux civils.", encoding="utf-8")
    res = egide("ingest", str(docs), "--label", "DR", "--grade", "C3", "--json", user="ana.s")
    assert res.code == 0, res.err
    hits = egide("search", CANARY, "--json", user="ana.dr").json()["results"]
    return str(hits[0]["document"]["id"])


def test_show_reclassify_retract_from_the_command_line(egide: Run, tmp_path: Path) -> None:
    uid = setup(egide, tmp_path)

    shown = egide("document", "show", uid, "--json", user="ana.dr")
    assert shown.code == 0, shown.err
    data = shown.json()
    assert data["marking"] == "DR" and data["grade"] == "C3" and CANARY in data["text"]
    assert data["title"] == "Compte rendu de patrouille"  # not the banner line
    assert data["dates"] and data["provenance"]["ingested_by"] == "ana.s"
    fr = egide("document", "show", uid, user="ana.dr")
    assert "Marquage d'origine : DR" in fr.out and CANARY in fr.out
    en = egide("--lang", "en", "document", "show", uid, user="ana.dr")
    assert "Original marking: DR" in en.out and "Marquage" not in en.out

    refused = egide(
        "document", "reclassify", uid, "--label", "SECRET", "--reason", "erreur", user="ana.s"
    )
    assert refused.code == 4 and refused.err.startswith("[E-ACCESS-DENIED]")
    moved = egide(
        "document",
        "reclassify",
        uid,
        "--label",
        "SECRET",
        "--reason",
        "contenu classifié",
        "--json",
        user="rssi",
    )
    assert moved.code == 0, moved.err
    assert moved.json()["to"] == "SECRET – SPÉCIAL FRANCE"
    gone = egide("search", CANARY, "--json", user="ana.dr").json()["results"]
    assert all(CANARY not in r["chunk"]["text"] for r in gone)
    hidden = egide("document", "show", uid, user="ana.dr")
    assert hidden.code == 2 and hidden.err.startswith("[E-DOC-NOTFOUND]")
    assert CANARY in egide("search", CANARY, "--json", user="ana.s").out

    retracted = egide("--lang", "en", "document", "retract", uid, "--reason", "wrong", user="rssi")
    assert retracted.code == 0, retracted.err
    assert "retracted" in retracted.out and "retiré" not in retracted.out
    assert CANARY not in egide("search", CANARY, "--json", user="ana.s").out
    again = egide("document", "retract", uid, "--reason", "encore", user="rssi")
    assert again.code == 2 and again.err.startswith("[E-DOC-STATE]")
    empty = egide("document", "retract", uid, "--reason", " ", "--json", user="rssi")
    assert empty.code == 2


def test_search_results_show_snippets_and_take_filters(egide: Run, tmp_path: Path) -> None:
    setup(egide, tmp_path)
    res = egide("search", "pont de Sarvik miné", "--json", user="ana.dr")
    assert res.code == 0, res.err
    first = res.json()["results"][0]
    assert first["document"]["title"] == "Compte rendu de patrouille"
    snippet = first["snippet"]
    assert snippet["text"].startswith("Le pont de Sarvik est miné")
    assert [snippet["text"][h["start"] : h["end"]] for h in snippet["highlights"]][:3] == [
        "pont",
        "Sarvik",
        "miné",
    ]
    assert res.json()["per_document"] is True
    human = egide("search", "pont de Sarvik miné", user="ana.dr", COLUMNS="200")
    assert "Compte rendu de patrouille" in human.out and "DIFFUSION RESTREINTE\n" not in human.out
    none = egide("search", "pont de Sarvik", "--grade", "B", "--json", user="ana.dr")
    assert none.code == 0 and none.json()["results"] == []
    assert none.json()["filters"] == {"grade": "B"}
    some = egide("search", "pont", "--grade", "C3", "--since", "2026-03", "--json", user="ana.dr")
    assert [r["document"]["id"] for r in some.json()["results"]] == [first["document"]["id"]]
    bad = egide("search", "pont", "--since", "14/03/2026", user="ana.dr")
    assert bad.code == 2 and bad.err.startswith("[E-FILTER]")
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "query": "pont"}\n', encoding="utf-8")
    lines = egide("search", "--batch", str(batch), "--lang", "fr", user="ana.dr").lines()
    assert lines[0]["id"] == "a" and lines[0]["results"][0]["snippet"]["highlights"]
