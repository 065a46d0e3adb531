"""What the command line needs to reach the service — its address, the interface language
and the ``[client]`` section — read from the same file, variables and flags as every
setting (``egide.config``) but without building them all: a command run through the service
starts without the validation library, the store's or the models' settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from egide.config import gather
from egide.errors import ConfigError
from egide.i18n import Msg

#: seconds a request may take before the command gives up (long jobs stream their progress)
TIMEOUT_S = 600.0

_PATHS = ("cert", "key", "ca")


@dataclass(frozen=True)
class ClientConfig:
    url: str
    lang: str = "fr"
    #: the user's certificate and its private key (PEM)
    cert: Path | None = None
    key: Path | None = None
    #: the CA that signed the service's certificate
    ca: Path | None = None
    #: an API token, instead of a certificate
    token: str | None = None
    timeout_s: float = TIMEOUT_S


def client_config(config: Path | None, flags: Mapping[str, Any]) -> ClientConfig | None:
    """The client's configuration when a service URL is set (``--url``, ``EGIDE_URL``,
    ``url`` in the file), else None (local mode)."""
    values = gather(config, flags, ("url", "lang", "client"), lambda _path: False)
    url = values.get("url")
    if not url:
        return None
    section = values.get("client", {})
    if not isinstance(section, Mapping):
        raise _refused("client", section, "[client]")
    unknown = sorted(set(section) - {*_PATHS, "token", "timeout_s"})
    if unknown:
        expected = ", ".join([*_PATHS, "token", "timeout_s"])
        raise _refused(f"client.{unknown[0]}", section[unknown[0]], expected)
    lang = values.get("lang", "fr")
    if lang not in ("fr", "en"):
        raise _refused("lang", lang, "fr, en")
    timeout = section.get("timeout_s", TIMEOUT_S)
    try:
        timeout_s = float(timeout)
    except (TypeError, ValueError):
        timeout_s = 0.0
    if not timeout_s > 0:
        raise _refused("client.timeout_s", timeout, "> 0")
    token = section.get("token")
    cert, key, ca = (Path(str(section[n])) if section.get(n) else None for n in _PATHS)
    return ClientConfig(
        str(url), str(lang), cert, key, ca, str(token) if token else None, timeout_s
    )


def _refused(setting: str, value: Any, expected: str) -> ConfigError:
    return ConfigError(
        Msg(
            "{setting} = {value} : valeur refusée (attendu : {expected})",
            setting=setting,
            value=repr(value),
            expected=expected,
        )
    )
