"""``make messages``: gather the interface texts into the template ``egide.pot``, bring each
language's ``egide.po`` up to date with it, and compile the ``egide.mo`` files Égide reads.

Texts come from the code (``t("…")``, ``N_("…")``, ``Msg("…")`` in the files named by
babel.cfg) and from the command tree (each command's help and its options' help, as
``egide --help`` shows them). French is the source language: a msgid is the French text.
``--check`` changes nothing and fails when a file is not up to date (the tests run it).
"""

from __future__ import annotations

import argparse
import inspect
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "egide" / "locale"
TEMPLATE = LOCALE / "egide.pot"
KEYWORDS: dict[str, Any] = {"t": None, "N_": None, "Msg": None}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "Égide — textes de l'interface / interface texts"


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "egide.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def _relative(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).name


def from_code() -> Iterator[tuple[str, str, int]]:
    """(msgid, file, line) of every marked text in the files babel.cfg names."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            yield message, filename, line


def from_commands() -> Iterator[tuple[str, str, int]]:
    """(msgid, file, line) of every help text of the command tree."""
    import typer

    from egide.cli.main import build

    def place(command: Any) -> tuple[str, int]:
        callback = getattr(command, "callback", None)
        try:
            source = inspect.getsourcefile(callback) if callback else None
            line = inspect.getsourcelines(callback)[1] if callback else 0
        except (OSError, TypeError):
            source, line = None, 0
        return _relative(source or str(ROOT / "src" / "egide" / "cli" / "main.py")), line

    def walk(command: Any) -> Iterator[tuple[str, str, int]]:
        where, line = place(command)
        for text in (command.help, command.short_help):
            if text:
                yield inspect.cleandoc(text), where, line
        for param in command.params:
            if getattr(param, "help", None):
                yield param.help, where, line
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    yield from walk(typer.main.get_command(build()))


def template() -> Catalog:
    catalog = Catalog(project="egide", version="", header_comment=f"# {HEADER}", fuzzy=False)
    for message, where, line in [*from_code(), *from_commands()]:
        catalog.add(message, locations=[(where, line)])
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, ignore_obsolete=True, include_previous=False)
    return out.getvalue()


def mo_bytes(po: Path) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _stable(catalog: Catalog) -> Catalog:
    """Dates in the headers never change the files: only the messages do."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.project, catalog.version = "Égide", ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "Égide"
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    pot = _stable(template())
    stale: list[Path] = []

    def write(path: Path, data: bytes) -> None:
        if path.exists() and path.read_bytes() == data:
            return
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    write(TEMPLATE, _po_bytes(pot))
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/egide.po")):
        lang = po.parent.parent.name
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(pot, update_header_comment=False)
        write(po, _po_bytes(_stable(catalog)))
        if not args.check:
            write(mo_path(lang), mo_bytes(po))
        elif mo_path(lang).read_bytes() != mo_bytes(po):
            stale.append(mo_path(lang))
    for path in stale:
        print(f"{'périmé' if args.check else 'écrit'} : {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
