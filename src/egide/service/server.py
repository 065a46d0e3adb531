"""Starting the service: checks that refuse an unsafe start, then uvicorn with TLS and the
peer-certificate protocol."""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from typing import Any

import uvicorn

from egide.app import App
from egide.errors import ConfigError, StoreKeyError, StoreMissingError
from egide.i18n import Msg
from egide.service.app import create_app
from egide.service.tls import PeerCertProtocol, server_context
from egide.settings import Settings
from egide.store import sealing
from egide.store.db import DB_NAME


def preflight(settings: Settings) -> None:
    """Refuse to serve a store that others could read, an unencrypted production store,
    a production service without a witness, or a service without TLS."""
    service = settings.service
    if service.tls_cert is None or service.tls_key is None:
        raise ConfigError(
            Msg("service.tls_cert et service.tls_key sont requis (HTTPS seulement)")
        )
    home = settings.home
    if not (home / DB_NAME).exists():
        raise StoreMissingError(path=str(home))
    sealing.require_private(home)
    key_path = settings.store.key_path()
    if key_path is not None:
        sealing.read_key(key_path)  # present, private, well formed
    with App(settings.model_copy(update={"network": settings.network})) as probe:
        dev = probe.is_dev
    if not dev:
        if key_path is None:  # with a key, the probe above opened it so
            raise StoreKeyError(
                Msg("un magasin de production doit être chiffré")
            )
        if settings.audit.witness is None:
            raise ConfigError(
                Msg("audit.witness est requis : fichier témoin hors du magasin")
            )


def config(settings: Settings, root: App, **overrides: Any) -> uvicorn.Config:
    context = server_context(settings.service)

    def factory(_config: uvicorn.Config, _default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
        return context

    options: dict[str, Any] = {
        "host": settings.service.host,
        "port": settings.service.port,
        "http": PeerCertProtocol,
        "ws": "none",
        "lifespan": "on",
        "ssl_context_factory": factory,
        "access_log": False,  # paths carry queries: never written to a log
        "log_level": "warning",
        "timeout_keep_alive": 5,
        "timeout_graceful_shutdown": 5,
        "server_header": False,
        **overrides,
    }
    return uvicorn.Config(create_app(root), **options)


def serve(settings: Settings) -> None:
    os.umask(0o077)
    preflight(settings)
    root = App(settings)
    try:
        uvicorn.Server(config(settings, root)).run()
    finally:
        root.close()
