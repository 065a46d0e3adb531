"""Entry point: global options, command registration, and one error handler that prints
``[E-CODE] what happened — how to fix`` and exits with the error's code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import TyperException

from egide.cli import (
    audit,
    decision,
    demo,
    doctor,
    document,
    ingest,
    llm,
    model,
    product,
    search,
    serve,
    store,
    triage,
    user,
    watch,
)
from egide.cli.context import State, clean
from egide.errors import EgideError
from egide.i18n import t

cli = typer.Typer(
    name="egide",
    help="Égide — assistant de renseignement souverain, hors ligne. "
    "Sovereign intelligence assistant, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@cli.callback()
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


store.register(cli)
user.register(cli)
ingest.register(cli)
search.register(cli)
document.register(cli)
demo.register(cli)
audit.register(cli)
model.register(cli)
doctor.register(cli)
product.register(cli)
llm.register(cli)
watch.register(cli)
triage.register(cli)
serve.register(cli)
decision.register(cli)


def run(argv: list[str] | None = None) -> int:
    """Console-script entry point. Returns (and exits with) the process exit code."""
    state = State()
    code = 0
    try:
        result = cli(args=argv, obj=state, standalone_mode=False, prog_name="egide")
        code = result if isinstance(result, int) else 0
    except EgideError as exc:
        sys.stderr.write(clean(exc.render(state.lang), lines=False) + "\n")
        code = exc.exit_code
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("Interrompu / interrupted\n")
        code = 130
    except TyperException as exc:  # usage errors: missing or bad options
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        code = int(getattr(exc, "exit_code", 2))
    except Exception as exc:  # last resort: one line, no traceback, a non-zero exit
        detail = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(clean(t("error.internal", state.lang, detail=detail), lines=False) + "\n")
        code = 1
    finally:
        state.close()
    if argv is None:
        sys.exit(code)
    return code
