"""What the one-language tests share: the words that betray the other language, what is
not interface text, the leaves of the command tree, and a session that runs commands in
process and keeps what each printed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer

from egide.cli.main import build, run

# Words that only one of the two languages uses (whole words, any case).
FRENCH = ["introuvable", "aucun", "aucune", "échec", "magasin", "utilisateur", "utilisateurs",
          "fichier", "dossier", "vous", "votre", "défaut", "erreur", "voir", "refusé", "avec",
          "les", "des", "une", "pour", "dans", "sur", "est", "sont", "pas", "du", "aux", "et",
          "le", "la", "de", "élément", "critère", "poids", "coupé", "rétabli", "ajouté"]
ENGLISH = ["not found", "failed", "store", "user", "users", "missing", "error", "the", "show",
           "default", "invalid", "with", "your", "see", "usage", "unknown", "required", "and",
           "of", "for", "is", "are", "to", "no", "not", "added", "file", "weights"]
MARKERS = {"fr": ENGLISH, "en": FRENCH}

# What is not interface text: identifiers, paths, quoted values, option and command names.
_NOT_WORDS = [
    r"«[^»]*»",  # quoted values (French quotes)
    r"“[^”]*”",  # quoted values (English quotes)
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


def _tree() -> typer.main.TyperGroup:
    command = typer.main.get_command(build())
    assert isinstance(command, typer.main.TyperGroup)
    return command


def command_paths() -> Iterator[list[str]]:
    """Every command path, groups included (``[]`` is ``egide`` itself)."""

    def walk(command: Any, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(_tree(), [])


def leaves() -> set[str]:
    """The commands that do something (the leaves of the tree), as ``"decision add"``."""
    paths = [p for p in command_paths() if p]
    return {" ".join(p) for p in paths if not any(q[: len(p)] == p and q != p for q in paths)}


_GLOBAL_VALUED = {"--store", "--lang", "--config", "--url"}


def leaf_of(args: tuple[str, ...]) -> str | None:
    """The command an argument list runs (``None`` for a wrong one)."""
    command: Any = _tree()
    path: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("--"):
        i += 2 if args[i] in _GLOBAL_VALUED else 1
    while hasattr(command, "commands") and i < len(args) and args[i] in command.commands:
        command = command.commands[args[i]]
        path.append(args[i])
        i += 1
    return " ".join(path) if path and not hasattr(command, "commands") else None


@dataclass
class Session:
    """Runs commands in one language on one store and keeps what each printed."""

    lang: str
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    outputs: list[tuple[tuple[str, ...], int, str]] = field(default_factory=list)

    @classmethod
    def on_new_store(
        cls,
        lang: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> Session:
        """A session on a new development store, lexical search only."""
        monkeypatch.setenv("EGIDE_HOME", str(tmp_path / "store"))
        monkeypatch.setenv("EGIDE_EMBED__MODEL", "none")
        session = cls(lang, capsys, monkeypatch)
        session("init", "--dev")
        return session

    def __call__(self, *args: str, user: str | None = None, code: int | None = 0) -> str:
        """Run ``egide --lang LANG ARGS`` as ``user``; expect ``code`` (any when ``None``);
        return the output."""
        if user:
            self.monkeypatch.setenv("EGIDE_USER", user)
        else:
            self.monkeypatch.delenv("EGIDE_USER", raising=False)
        got = run(["--lang", self.lang, *args])
        captured = self.capsys.readouterr()
        out = captured.out + captured.err
        self.outputs.append((args, got, out))
        assert code is None or got == code, (args, got, out)
        return out

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self(*args, "--json", user=user))

    def covered(self) -> set[str]:
        """The commands run with a printed (not ``--json``) answer."""
        return {
            leaf
            for args, _, out in self.outputs
            if "--json" not in args and out.strip() and (leaf := leaf_of(args))
        }

    def check(self) -> None:
        """Every output says something, in the session's language only."""
        silent = [args for args, _, out in self.outputs if not out.strip()]
        mixed = [
            (args, code, words, out)
            for args, code, out in self.outputs
            if "--json" not in args and (words := foreign(out, self.lang))
        ]
        assert not silent and not mixed, (silent, mixed)
