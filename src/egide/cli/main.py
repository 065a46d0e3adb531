"""Entry point: global options, command registration, and one error handler that prints
``[E-CODE] what happened — how to fix`` and exits with the error's code.

A run imports only the module of the command it runs (``COMMANDS``): ``egide search``
through the service loads neither the store nor the models. The help, a bare ``egide``
and an unknown command build the whole tree."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer._click import exceptions as click_errors
from typer.exceptions import TyperException

from egide.cli import usage
from egide.cli.context import State, clean
from egide.config import interface_lang
from egide.errors import EgideError
from egide.i18n import t

#: Each command of ``egide`` and the module of ``egide.cli`` that registers it, in the
#: order of the help.
COMMANDS: dict[str, str] = {
    "init": "store",
    "stats": "store",
    "user": "user",
    "token": "user",
    "ingest": "ingest",
    "index": "ingest",
    "search": "search",
    "document": "document",
    "demo": "demo",
    "audit": "audit",
    "model": "model",
    "doctor": "doctor",
    "brief": "product",
    "product": "product",
    "llm": "llm",
    "watch": "watch",
    "triage": "triage",
    "serve": "serve",
    "decision": "decision",
}


def build(command: str | None = None) -> typer.Typer:
    """The command tree: with ``command`` one of ``COMMANDS``, only its module's commands;
    otherwise all of them."""
    cli = typer.Typer(
        name="egide",
        help="Égide — assistant de renseignement souverain, hors ligne.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    cli.callback()(main)
    wanted = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in wanted:
        importlib.import_module(f"egide.cli.{name}").register(cli)
    return cli


def main(
    ctx: typer.Context,
    store_dir: Annotated[
        Path | None,
        typer.Option("--store", help="Dossier du magasin (défaut EGIDE_HOME ou ./.egide)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Langue de l'interface : fr (défaut) ou en.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Fichier egide.toml (défaut EGIDE_CONFIG ou ./egide.toml)."),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="Passer par le service Égide à cette adresse (EGIDE_URL)."),
    ] = None,
) -> None:
    """Égide."""
    state = ctx.find_root().obj
    assert isinstance(state, State)
    state.config = config
    state.overrides = {"home": store_dir, "lang": lang, "url": url}
    if ctx.invoked_subcommand:
        state.command = f"egide {ctx.invoked_subcommand}"
    if lang in {"fr", "en"}:
        state.lang = lang
    ctx.call_on_close(state.close)


def _globals(argv: list[str]) -> tuple[dict[str, str], str | None]:
    """The global options given before the command, and the command's name (None for the
    help, a bare ``egide`` or anything unexpected)."""
    given: dict[str, str] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("--") and argv[i] != "--":
        name, eq, value = argv[i].partition("=")
        if not eq and name in _GLOBAL_VALUED and i + 1 < len(argv):
            value, i = argv[i + 1], i + 1
        given[name] = value
        i += 1
    return given, argv[i] if i < len(argv) and "--help" not in given else None


def _early_lang(given: dict[str, str]) -> str:
    """The interface language before the options are parsed (for the help and usage errors):
    the global ``--lang``, else the settings' (EGIDE_LANG, egide.toml), else French."""
    config = given.get("--config")
    return interface_lang(Path(config) if config else None, given.get("--lang"))


_GLOBAL_VALUED = {"--store", "--lang", "--config", "--url"}


def run(argv: list[str] | None = None) -> int:
    """Console-script entry point. Returns (and exits with) the process exit code."""
    args = sys.argv[1:] if argv is None else argv
    given, name = _globals(args)
    state = State(lang=_early_lang(given))
    code = 0
    try:
        command = typer.main.get_command(build(name))
        usage.localize(command, state.lang)
        result = command.main(args=args, obj=state, standalone_mode=False, prog_name="egide")
        code = result if isinstance(result, int) else 0
    except EgideError as exc:
        sys.stderr.write(clean(exc.render(state.lang), lines=False) + "\n")
        code = exc.exit_code
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write(t("Interrompu.", state.lang) + "\n")
        code = 130
    except click_errors.NoArgsIsHelpError as exc:  # a group without its command: its help
        exc.show()
        code = exc.exit_code
    except click_errors.UsageError as exc:  # an unknown option, a missing argument…
        error = usage.usage_error(exc)
        sys.stderr.write(clean(error.render(state.lang), lines=False) + "\n")
        code = error.exit_code
    except TyperException as exc:  # the framework's other refusals
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        code = int(getattr(exc, "exit_code", 2))
    except Exception as exc:  # last resort: one line, no traceback, a non-zero exit
        detail = f"{type(exc).__name__}: {exc}"
        text = t(
            "[E-INTERNAL] Erreur interne inattendue : {detail} — signalez-la avec la commande "
            "lancée",
            state.lang,
            detail=detail,
        )
        sys.stderr.write(clean(text, lines=False) + "\n")
        code = 1
    finally:
        state.close()
    if argv is None:
        sys.exit(code)
    return code
