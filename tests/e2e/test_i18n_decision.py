"""One language at a time, ``egide decision``: every command of the decision file, from
its creation to the commander's decision and the fiche, printed in French and in English
with no word of the other language (the model's proposals from a scripted model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egide.decide import assist
from egide.llm.fake import FakeBackend
from tests.e2e.one_language import Session

QUOTE = "BRAVO 456 CHARLIE 789 DELTA"

# The commands this scenario covers (the coverage test checks the union with the others).
NAMES = """create list show history import export recommend decide add set remove rate value
screen confront mission effet method weights ach compare sensitivity evidence watch assumptions
check draft proposals accept reject"""
COMMANDS = {f"decision {name}" for name in NAMES.split()}


def _ratings(messages: list[dict[str, str]]) -> str:
    ratings = [
        {"evidence": "E1", "me": "ME1", "rating": "C", "why": "KILO"},
        {"evidence": "E1", "me": "ME2", "rating": "I", "why": "LIMA"},
    ]
    return json.dumps({"ratings": ratings})


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_decision_command_speaks_one_language(
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    go = Session.on_new_store(lang, tmp_path, capsys, monkeypatch)
    for name, role in (("em", "analyst"), ("cem", "chef_etat_major"), ("chef", "decideur")):
        go("user", "add", name, "--clearance", "S", "--nationality", "FRA", "--role", role)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "cr.txt").write_text(f"ALPHA 123 {QUOTE} 000 ECHO.\n", encoding="utf-8")
    go("ingest", str(docs), "--label", "DR", "--grade", "B2", user="em")

    uid = go.json("decision", "create", "KILO", "--label", "DR", user="em")["id"]
    go("decision", "create", "LIMA", "--label", "DR", user="em")
    go("decision", "list", user="em")

    def em(*args: str, code: int = 0) -> str:
        return go("decision", *args, user="em", code=code)

    em("add", uid, "me", "--title", "MIKE", "--cite", f"cr.txt::{QUOTE}")
    em("add", uid, "me", "--title", "NOVEMBER", "--assumption")
    em("add", uid, "me", "--title", "OSCAR", code=2)  # neither source nor assumption
    em("set", uid, "ME2", "--title", "PAPA")
    em("add", uid, "me", "--title", "QUEBEC", "--assumption")
    em("remove", uid, "ME3")
    em("add", uid, "evidence", "--text", "ROMEO 12", "--cite", f"cr.txt::{QUOTE}")
    em("add", uid, "conclusion", "--kind", "présupposition", "--text", "ZULU YANKEE",
       "--assumption")
    em("rate", uid, "E1", "ME1", "C")
    em("rate", uid, "E1", "ME1", "beaucoup", code=2)
    for title in ("SIERRA", "TANGO"):
        em("add", uid, "ma", "--title", title, "--assumption")
    em("add", uid, "criterion", "--title", "UNIFORM", "--field", "direction=min", "--assumption")
    em("add", uid, "criterion", "--title", "VICTOR", "--assumption")
    for ma, c, v in (("MA1", "C1", "6"), ("MA1", "C2", "3"), ("MA2", "C1", "4"),
                     ("MA2", "C2", "2")):
        em("value", uid, ma, c, v)
    em("screen", uid, "MA1", "convenable", "oui", "--why", "WHISKEY")
    em("confront", uid, "MA1", "ME1", "--action", "XRAY", "--assumption")
    em("mission", uid, "--lettre", "YANKEE", "--task", "ZULU", "--assumption")
    em("effet", uid, "ALPHA BRAVO", "--assumption")
    em("method", uid, "topsis")
    em("compare", uid, code=2)  # no weights yet
    em("weights", uid, "C1=0.6", "C2=0.4", code=4)  # the staff does not weigh
    go("decision", "weights", uid, "C1=0.6", "C2=0.4", user="cem")
    go("decision", "effet", uid, "--validate", user="chef")
    em("ach", uid)
    em("compare", uid)
    em("compare", uid, "--method", "promethee")
    em("sensitivity", uid)
    em("evidence", uid, "BRAVO CHARLIE")
    em("add", uid, "indicator", "--text", "HOTEL INDIA", "--me", "ME1", "--when",
       '{"any": ["HOTEL"]}', "--assumption")
    em("watch", uid, "--rules", str(tmp_path / "rules.yaml"), "--requirements",
       str(tmp_path / "needs.yaml"))
    em("assumptions", uid)  # nothing new yet
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "new.txt").write_text("ZULU YANKEE 999 FOXTROT.\n", encoding="utf-8")
    go("ingest", str(fresh), "--label", "DR", user="em")
    em("assumptions", uid, "--since", "2000-01-01T00:00:00")

    em("draft", uid, code=5)  # no model
    monkeypatch.setattr(assist, "make_backend", lambda app, actor: FakeBackend(_ratings))
    em("draft", uid)
    em("proposals", uid)
    pending = [p["id"] for p in json.loads(em("proposals", uid, "--json"))["proposals"]]
    assert len(pending) == 2, pending
    em("accept", uid, pending[0])
    em("reject", uid, pending[1])
    em("proposals", uid)  # none left
    em("accept", uid, pending[1], code=2)

    em("recommend", uid, "MA2", "--reason", "ECHO")
    go("decision", "decide", uid, "--choice", "MA1", "--reason", "FOXTROT", user="chef", code=2)
    go("decision", "decide", uid, "--choice", "MA1", "--reason", "FOXTROT", "--deviation",
       "GOLF", user="chef")
    em("show", uid)
    em("history", uid)
    em("check", uid)
    out = tmp_path / "fiche"
    em("export", uid, "--md", f"{out}.md", "--yaml", f"{out}.yaml")
    em("import", f"{out}.yaml", code=2)  # a decided file is not imported
    other = go.json("decision", "create", "HOTEL", "--label", "DR", user="em")["id"]
    em("export", other, "--yaml", f"{out}-2.yaml")
    em("import", f"{out}-2.yaml", "--uid", other)
    em("show", other)
    em("method", uid, "wsum", "--json")

    fiche = Path(f"{out}.md").read_text(encoding="utf-8")
    go.outputs.append((("decision", "export", "--md"), 0, fiche))
    go.check()
    assert go.covered() >= COMMANDS, COMMANDS - go.covered()
