"""Where settings come from, before any validation. Precedence (lowest to highest):

defaults < ``egide.toml`` (``--config FILE``, ``EGIDE_CONFIG``, else ``./egide.toml``)
< ``EGIDE_*`` environment (nested with ``__``, e.g. ``EGIDE_INGEST__MAX_FILE_MB``)
< command-line flags.

Plain values in, plain values out: reading them needs no validation library, so a command
that only talks to the service (``egide.client.config``) starts without one;
``egide.settings`` validates the whole. This is the only module that reads the
environment's ``EGIDE_*`` variables.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from egide.errors import ConfigError
from egide.i18n import Msg

ENV_PREFIX = "EGIDE_"

#: whether the setting at this path (``("service", "terminals")``) takes a list, a mapping
#: or a section, given in its variable as JSON
Structured = Callable[[tuple[str, ...]], bool]


def config_file(explicit: Path | None) -> Path | None:
    """The TOML file that applies: ``--config``, else ``EGIDE_CONFIG``, else ``./egide.toml``."""
    if explicit is not None:
        return explicit
    env = os.environ.get("EGIDE_CONFIG")
    if env:
        return Path(env)
    local = Path("egide.toml")
    return local if local.is_file() else None


def file_values(path: Path) -> dict[str, Any]:
    """The settings a TOML file gives (absent, unreadable or malformed: a coded error)."""
    if not path.is_file():
        raise ConfigError(Msg("{path} : fichier introuvable", path=path))
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``top``, sections merged key by key."""
    out = dict(base)
    for key, value in top.items():
        below = out.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            value = merge(below, value)
        out[key] = value
    return out


def environment_values(
    environ: Mapping[str, str], known: Collection[str], structured: Structured
) -> dict[str, Any]:
    """The settings ``EGIDE_*`` variables give, as nested values: ``EGIDE_SEARCH__LIMIT=4``
    → ``{"search": {"limit": "4"}}`` (names in any case). Only variables whose first part
    is in ``known`` are settings (``EGIDE_CONFIG`` is not); an unknown key inside a section
    is left for the validation to refuse."""
    out: dict[str, Any] = {}
    for name, raw in sorted(environ.items()):
        if not name.upper().startswith(ENV_PREFIX):
            continue
        path = tuple(name[len(ENV_PREFIX) :].lower().split("__"))
        if path[0] not in known:
            continue
        leaf: Any = raw
        if structured(path):
            try:
                leaf = json.loads(raw)
            except ValueError as exc:
                raise ConfigError(
                    Msg("{name} : JSON attendu ({error})", name=name, error=exc)
                ) from None
        for key in reversed(path):
            leaf = {key: leaf}
        out = merge(out, leaf)
    return out


def gather(
    config: Path | None,
    flags: Mapping[str, Any],
    known: Collection[str],
    structured: Structured,
) -> dict[str, Any]:
    """The file's values, under the environment's, under the flags given (``None`` = not
    given)."""
    path = config_file(config)
    values = file_values(path) if path is not None else {}
    values = merge(values, environment_values(os.environ, known, structured))
    return merge(values, {k: v for k, v in flags.items() if v is not None})


def interface_lang(config: Path | None = None, flag: str | None = None) -> str:
    """The interface language before the settings are built (to show the help or a usage
    error): the ``--lang`` flag, else the settings' (EGIDE_LANG, egide.toml), else French."""
    if flag in ("fr", "en"):
        return str(flag)
    try:
        lang = gather(config, {}, ("lang",), lambda _path: False).get("lang")
    except ConfigError:
        lang = None
    return lang if lang in ("fr", "en") else "fr"
