"""What every command shares: the state built by the global options, and output helpers."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from egide.i18n import N_, t
from egide.ingest.progress import Progress as ProgressCallbacks
from egide.service.errors import ServiceOnlyError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from egide.app import App
    from egide.client.http import ServiceClient
    from egide.settings import Settings

JsonOpt = Annotated[bool, typer.Option("--json", help="Sortie JSON.")]


# The stages a long task reports (ingest.progress.Progress.start), as the bar names them.
STAGES = {"ingest": N_("Ingestion"), "vectors": N_("Vecteurs"), "search": N_("Recherche")}


@dataclass
class State:
    """Filled by the global callback; read by commands and by the error handler."""

    config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    lang: str = "fr"
    settings: Settings | None = None
    apps: list[App] = field(default_factory=list)
    command: str = "egide"
    _client: ServiceClient | None = None

    def load(self) -> Settings:
        if self.settings is None:
            from egide.settings import load_settings

            self.settings = load_settings(self.config, **self.overrides)
            self.lang = self.settings.lang
        return self.settings

    def app(self, **updates: Any) -> App:
        """The local store's ``App`` (local mode only: through the service, commands use
        ``client()``)."""
        settings = self.load()
        if settings.url:
            raise ServiceOnlyError(command=self.command)
        if updates:
            settings = settings.model_copy(update=updates, deep=True)
        from egide.app import App

        app = App(settings)
        self.apps.append(app)
        return app

    def client(self) -> ServiceClient | None:
        """The service's client when ``url`` is set (``EGIDE_URL``, ``--url``), else None.
        Only the client's own settings are read: a command run through the service builds
        neither the store's nor the models' settings."""
        if self._client is None:
            from egide.client.config import client_config

            config = client_config(self.config, self.overrides)
            if config is None:
                return None
            from egide.client.http import ServiceClient

            self.lang = config.lang
            self._client = ServiceClient(config)
        return self._client

    def close(self) -> None:
        for app in self.apps:
            app.close()
        self.apps.clear()
        if self._client is not None:
            self._client.close()
            self._client = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


# What a terminal would act on or hide: C0/C1 controls (escape sequences), bidi and
# zero-width format characters, Unicode tags, line and paragraph separators.
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff\U000e0000-\U000e007f"
)
_UNSAFE_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_ALL = re.compile(f"[\n\t{_UNSAFE}]")
_UNSAFE_JSON = re.compile(
    "[\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\U000e0000-\U000e007f]"
)


def clean(text: str, lines: bool = True) -> str:
    """``text`` safe for a terminal: every control or invisible character shown as its
    escape (``\\x1b``, ``\\u202e``); with ``lines=False`` (file names), newlines and tabs
    too."""
    pattern = _UNSAFE_LINES if lines else _UNSAFE_ALL
    return pattern.sub(lambda m: ascii(m.group())[1:-1], text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def emit_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write(_UNSAFE_JSON.sub(_json_escape, text) + "\n")
    sys.stdout.flush()


def console() -> Console:
    """A console that never interprets markup in strings and escapes what a terminal would
    act on: file names and document text are printed as they are, and only as text."""
    return _safe_console()(highlight=False, soft_wrap=False, markup=False, emoji=False)


@cache
def _safe_console() -> type[Console]:
    """The console class, defined once (rich is loaded here, by commands that print for a
    reader, not for ``--json``)."""
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(clean(text), **kwargs)

    return SafeConsole


class BarProgress(ProgressCallbacks):
    """A rich progress bar on standard error, drawn only on a terminal."""

    def __init__(self, lang: str, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Progress | None = None
        self._task: Any = None

    def start(self, stage: str, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(t(STAGES.get(stage, stage), self.lang), total=total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
