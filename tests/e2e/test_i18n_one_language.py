"""One language at a time: the help of every command, the main commands on a development
store, a usage error and a validation error, in French and in English — and no word of the
other language in what a run prints."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer

from egide.cli.main import build, run

# Words that only one of the two languages uses (whole words, any case).
FRENCH = ["introuvable", "aucun", "aucune", "échec", "magasin", "utilisateur", "utilisateurs",
          "fichier", "dossier", "vous", "votre", "défaut", "erreur", "voir", "refusé", "avec"]
ENGLISH = ["not found", "failed", "store", "user", "users", "missing", "error", "the", "show",
           "default", "invalid", "with", "your", "see", "usage", "unknown", "required"]
MARKERS = {"fr": ENGLISH, "en": FRENCH}

# What is not interface text: identifiers, paths, quoted values, option and command names.
_NOT_WORDS = [
    r"«[^»]*»",  # quoted values (French quotes)
    r"(?<!\w)'[^'\n]*'(?!\w)",  # quoted values (not the apostrophes of l'aide)
    r"\"[^\"\n]*\"",
    r"--?[\w-]+",  # options
    r"\S*\w[./_:=@][\w/]\S*",  # paths, settings (store.key_file), ids, URLs, key=value
    r"\b[A-Z][A-Z0-9]+\b",  # codes and markings (EGIDE_HOME, SECRET, E-USAGE)
    r"egide(?: [a-z][\w-]*)*",  # command paths (egide user add)
]


def interface(text: str) -> str:
    """``text`` without what is not interface language."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s{2}[a-z][\w-]*(?=\s{2,}|\s*$)", "", line)  # command or argument rows
        line = re.sub(r"^\s{2}[a-z_]+ <[^>]*>", "", line)  # an argument and its type
        for pattern in _NOT_WORDS:
            line = re.sub(pattern, " ", line)
        lines.append(line)
    return "\n".join(lines)


def foreign(text: str, lang: str) -> list[str]:
    words = interface(text).lower()
    return [w for w in MARKERS[lang] if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", words)]


def command_paths() -> Iterator[list[str]]:
    def walk(command: typer.main.TyperGroup | typer.main.TyperCommand, path: list[str]) -> (
        Iterator[list[str]]
    ):
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(build()), [])


Runner = Callable[..., tuple[int, str]]


@pytest.fixture
def egide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Runner:
    monkeypatch.setenv("EGIDE_HOME", str(tmp_path / "store"))

    def go(lang: str, *args: str, user: str | None = None) -> tuple[int, str]:
        if user:
            monkeypatch.setenv("EGIDE_USER", user)
        else:
            monkeypatch.delenv("EGIDE_USER", raising=False)
        code = run(["--lang", lang, *args])
        out = capsys.readouterr()
        return code, out.out + out.err

    return go


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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_main_commands_speak_one_language(egide: Runner, lang: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("ALPHA 123 BRAVO 456 CHARLIE 789.\n", encoding="utf-8")
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
    dead = tmp_path / "dead.jsonl"
    outputs: list[tuple[tuple[str, ...], int, str]] = []

    def go(*args: str, user: str | None = None) -> int:
        code, out = egide(lang, *args, user=user)
        outputs.append((args, code, out))
        return code

    assert go("init", "--dev") == 0
    assert go("user", "add", "ana", "--clearance", "S", "--nationality", "FRA") == 0
    officer = ("--role", "security_officer", "--role", "admin")
    assert go("user", "add", "sec", "--clearance", "S", "--nationality", "FRA", *officer) == 0
    assert go("user", "list") == 0
    assert go("ingest", str(docs), "--label", "DR", user="ana") == 3  # one file refused
    assert go("index", user="ana") == 0
    assert go("stats", user="ana") == 0
    assert go("search", "zzzqqq", user="ana") == 0
    assert go("document", "show", "doc-absent", user="ana") == 2
    assert go("product", "list", user="ana") == 0  # none yet
    assert go("brief", "alpha bravo", user="ana") == 0
    assert go("product", "list", user="ana") == 0
    assert go("model", "list") == 0
    assert go("triage", "list", user="ana") == 0
    assert go("llm", "status", user="ana") == 0
    assert go("audit", "verify", user="sec") == 0
    assert go("doctor", user="sec") == 0
    assert go("token", "list", user="ana") == 0
    assert go(
        "watch", str(stream), "--rules", str(rules), "--label", "DR", "--summary-every", "1h",
        "--dead-letter", str(dead), user="ana",
    ) == 0
    assert go("search", "--top", "3", "x", user="ana") == 2  # a usage error
    assert go("search", "-k", "beaucoup", "x", user="ana") == 2  # a validation error
    assert go("serach", "x") == 2
    assert go("user", "add") == 2
    for args, code, out in outputs:
        assert out.strip(), args
        assert not foreign(out, lang), (args, code, foreign(out, lang), out)
    usage = outputs[-4][2]
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
