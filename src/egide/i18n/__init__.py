"""Interface texts. French is written in the code (it is the source language: the msgid of
every message); other languages come from gettext catalogues compiled from
``egide/locale/<lang>/LC_MESSAGES/egide.po`` (``make messages``, docs/TRADUCTION.md).

The language is always an argument — never a process-wide setting — since the service
answers several users in several languages at once. Catalogues are read on first use and
kept (they never change while the process runs).
"""

from __future__ import annotations

import gettext
import io
import threading
from importlib import resources
from typing import Any

SOURCE = "fr"
LANGS = ("fr", "en")
DOMAIN = "egide"

_lock = threading.Lock()
_catalogues: dict[str, gettext.NullTranslations] = {}


def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (an empty one for French, the source language,
    and for a language Égide does not speak)."""
    found = _catalogues.get(lang)
    if found is None:
        with _lock:
            found = _catalogues.get(lang)
            if found is None:
                found = _catalogues[lang] = _load(lang)
    return found


def _load(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE or lang not in LANGS:
        return gettext.NullTranslations()
    mo = resources.files("egide") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        data = mo.read_bytes()
    except FileNotFoundError:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def gettext_(msgid: str, lang: str) -> str:
    """``msgid`` (French) in ``lang``; the French text itself when no translation exists."""
    if lang == SOURCE or not msgid:
        return msgid
    return catalogue(lang).gettext(msgid)


def t(msgid: str, lang: str = SOURCE, **params: Any) -> str:
    """``msgid`` translated into ``lang``, its ``{placeholders}`` filled from ``params``
    (lazy messages among them rendered in the same language)."""
    values = {k: render(v, lang) for k, v in params.items()}
    return gettext_(msgid, lang).format(**values)


def N_(msgid: str) -> str:
    """Marks a text for the catalogue where it is declared; translated where it is shown."""
    return msgid


class Msg:
    """A message translated when it is shown, not when it is made: an error raised deep in
    the code is rendered later, in the language of whoever reads it."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, lang: str) -> str:
        try:
            return t(self.msgid, lang, **self.params)
        except (KeyError, IndexError, ValueError):
            return gettext_(self.msgid, lang)

    def __str__(self) -> str:
        return self.render(SOURCE)

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r})"


class Joined(Msg):
    """Several messages shown as one, each in the same language."""

    __slots__ = ("parts", "sep")

    def __init__(self, parts: list[Any], sep: str = "; ") -> None:
        super().__init__("")
        self.parts, self.sep = parts, sep

    def render(self, lang: str) -> str:
        return self.sep.join(str(render(p, lang)) for p in self.parts)


def render(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` when it is a lazy message; unchanged otherwise."""
    return value.render(lang) if isinstance(value, Msg) else value

