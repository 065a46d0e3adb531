"""One language at a time: the help of every command, every command on a development store
(the decision file's in test_i18n_decision), usage and validation errors, in French and in
English — and no word of the other language in what a run prints."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from egide.app import App
from egide.cli.main import run
from tests.e2e import test_i18n_decision
from tests.e2e.one_language import Session, command_paths, foreign, leaves
from tests.integration.test_ranking import HashEmbedder

# The commands this scenario covers (the coverage test checks the union with the others).
COMMANDS = {
    "init", "stats", "ingest", "index", "search", "demo", "doctor", "brief", "watch", "serve",
    "user add", "user list", "user password", "token create", "token list", "token revoke",
    "document show", "document reclassify", "document retract", "audit verify",
    "audit checkpoint", "audit proof", "audit consistency", "audit show", "model add",
    "model verify", "model list", "product list", "product show", "product export",
    "product validate", "product reject", "llm status", "llm off", "llm on", "triage train",
    "triage list",
}


def test_every_command_is_run_in_both_languages() -> None:
    assert leaves() == COMMANDS | test_i18n_decision.COMMANDS


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_help_of_every_command_speaks_one_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = list(command_paths())
    assert len(paths) > 40
    for path in paths:
        assert run(["--lang", lang, *path, "--help"]) == 0, path
        out = capsys.readouterr().out
        assert out.strip() and not foreign(out, lang), (path, foreign(out, lang), out)


def test_the_help_follows_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EGIDE_LANG", "en")
    assert run(["search", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: egide search") and "Number of results." in out
    monkeypatch.setenv("EGIDE_LANG", "fr")
    assert run(["search", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Utilisation : egide search") and "Nombre de résultats." in out


def _material(tmp_path: Path) -> dict[str, Path]:
    """Documents, a message stream and its rules, triage examples, a model file and a small
    demonstration scenario — all in words of neither language."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("ALPHA 123 BRAVO 456 CHARLIE 789.\n", encoding="utf-8")
    (docs / "other.txt").write_text("ALPHA 321 KILO 654 LIMA 987.\n", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    stream = tmp_path / "stream.jsonl"
    stream.write_text(
        "\n".join(
            json.dumps({"id": f"m{i}", "text": f"ALPHA {i}", "time": f"2026-11-30T08:0{i}:00Z"})
            for i in range(3)
        )
        + "\n",
        encoding="utf-8",
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n  - id: r1\n    priority: URGENT\n    when: {any: [alpha]}\n", encoding="utf-8"
    )
    examples = tmp_path / "examples.csv"
    rows = [f"ALPHA BRAVO {i},a" if i % 2 else f"KILO LIMA {i},b" for i in range(12)]
    examples.write_text("text,cls\n" + "\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF" + bytes(64))
    scenario = tmp_path / "demo" / "scenario"
    (scenario / "docs").mkdir(parents=True)
    (scenario / "docs" / "a.txt").write_text("ALPHA 123 BRAVO.\n", encoding="utf-8")
    (scenario / "manifest.json").write_text(
        json.dumps({"scenario": "ZULU", "batches": [{"path": "docs", "label": "NP"}],
                    "queries": ["alpha"]}),
        encoding="utf-8",
    )
    return {"docs": docs, "stream": stream, "rules": rules, "examples": examples,
            "model": model, "scenario": scenario}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_command_speaks_one_language(
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = _material(tmp_path)
    go = Session.on_new_store(lang, tmp_path, capsys, monkeypatch)
    go("user", "add", "ana", "--clearance", "S", "--nationality", "FRA")
    officer = ("--role", "security_officer", "--role", "admin")
    go("user", "add", "sec", "--clearance", "S", "--nationality", "FRA", *officer)
    go("user", "add", "val", "--clearance", "S", "--nationality", "FRA", "--role", "validator")
    go("user", "add", "ana", "--clearance", "S", "--nationality", "FRA", code=2)  # exists
    go("user", "list")
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct-horse-battery-staple-42\n"))
    go("user", "password", "ana", "--stdin", user="ana")
    go("token", "create", user="ana")
    token = go.json("token", "create", "--scope", "read", user="ana")["id"]
    go("token", "revoke", token, user="ana")
    go("token", "list", user="ana")

    go("ingest", str(m["docs"]), "--label", "DR", user="ana", code=3)  # one file refused
    go("index", user="ana")
    go("stats", user="ana")
    go("search", "zzzqqq", user="ana")
    go("search", "bravo", user="ana")
    hits = go.json("search", "kilo", user="ana")
    doc = (hits["results"] if isinstance(hits, dict) else hits)[0]["document"]["id"]
    go("document", "show", "doc-absent", user="ana", code=2)
    go("document", "show", doc, user="ana")

    go("product", "list", user="ana")  # none yet
    go("brief", "kilo lima", user="ana")
    uids = [p["uid"] for p in go.json("product", "list", user="ana")["products"]]
    go("brief", "alpha bravo", user="ana")
    go("product", "list", user="ana")
    go("product", "show", uids[0], user="ana")
    go("product", "export", uids[0], "--md", str(tmp_path / "p.md"), "--json-out",
       str(tmp_path / "p.json"), user="ana")
    go("product", "validate", uids[0], "--reason", "ECHO", user="ana", code=4)  # not a validator
    go("product", "validate", uids[0], "--reason", "ECHO", user="val")
    others = [p["uid"] for p in go.json("product", "list", user="ana")["products"]]
    go("product", "reject", next(u for u in others if u != uids[0]), "--reason", "ECHO",
       user="val")
    go("document", "reclassify", doc, "--label", "S", "--reason", "ECHO", user="sec")
    go("document", "show", doc, user="ana")  # with its correction
    go("document", "retract", doc, "--reason", "ECHO", user="sec")

    go("model", "list", user="ana")
    go("model", "add", str(m["model"]), "--name", "tiny", user="sec", code=None)
    go("model", "verify", "tiny", user="ana", code=None)
    go("triage", "list", user="ana")
    go("triage", "train", str(m["examples"]), "--text-field", "text", "--label-field", "cls",
       "--name", "tri", "--folds", "2", user="ana", code=2)  # no encoder in a test
    monkeypatch.setattr(App, "embedder", property(lambda app: HashEmbedder()))
    go("triage", "train", str(m["examples"]), "--text-field", "text", "--label-field", "cls",
       "--name", "tri", "--folds", "2", user="ana")
    go("triage", "list", user="ana")
    go("llm", "status", user="ana")
    go("llm", "off", "--reason", "ECHO", user="sec")
    go("llm", "status", user="ana")
    go("llm", "on", "--reason", "ECHO", user="sec")

    go("audit", "verify", user="sec")
    go("audit", "checkpoint", "--out", str(tmp_path / "cp.json"), user="sec")
    go("audit", "proof", "1", user="sec")
    go("audit", "consistency", "1", user="sec")
    go("audit", "show", "--limit", "5", user="sec")
    go("doctor", user="sec")
    go("watch", str(m["stream"]), "--rules", str(m["rules"]), "--label", "DR",
       "--summary-every", "1h", "--dead-letter", str(tmp_path / "dead.jsonl"), user="ana")
    go("serve", "--config", str(tmp_path / "absent.toml"), code=2)  # refused before serving
    go("demo", "--demo-store", str(tmp_path / "demo-store"), "--examples", str(m["scenario"]))

    go("search", "--top", "3", "x", user="ana", code=2)  # a usage error
    go("search", "-k", "beaucoup", "x", user="ana", code=2)  # a validation error
    go("search", "-k", "0", "x", user="ana", code=2)  # out of its range
    go("serach", "x", code=2)
    go("user", "add", code=2)
    go.check()
    assert go.covered() == COMMANDS, go.covered() ^ COMMANDS
    usage = next(out for args, _, out in go.outputs if "--top" in args)
    assert usage.startswith("[E-USAGE] ") and "--top" in usage and "egide search --help" in usage


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "nombre entier attendu"), ("en", "integer expected")],
)
def test_a_bad_setting_is_told_in_the_language_with_the_right_hint(
    lang: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EGIDE_LANG", lang)
    config = tmp_path / "egide.toml"
    config.write_text('[search]\nlimit = "beaucoup"\n', encoding="utf-8")
    assert run(["--config", str(config), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E-CONFIG] ") and expected in err and "egide.toml" in err
    assert not foreign(err, lang), err


def test_a_bad_flag_is_a_usage_error_not_a_configuration_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["--lang", "de", "stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E-USAGE] ") and "lang" in err and "egide --help" in err
    assert "egide.toml" not in err
