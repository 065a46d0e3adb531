"""The configured backend, built only after the model's manifest verifies, and only when
the kill switch is off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egide.llm.backend import Backend

if TYPE_CHECKING:
    from egide.app import App


def llm_enabled(app: App) -> bool:
    return app.settings.llm.enabled and app.meta("llm_killed") != "1"


def make_backend(app: App, actor: str = "egide") -> Backend | None:
    """``None`` when no model is configured or the kill switch is on."""
    settings = app.settings.llm
    if settings.backend == "none" or not llm_enabled(app):
        return None
    provenance: dict[str, str] = {}
    verified = None
    if (
        settings.model
        and app.db.execute("SELECT 1 FROM models WHERE name = ?", (settings.model,)).fetchone()
    ):
        from egide.models.registry import verify

        verified = verify(app, settings.model, actor)
        provenance = verified.provenance()
    if settings.backend == "llamacpp":
        from egide.errors import ModelError
        from egide.llm.llamacpp import LlamaCppBackend

        if verified is None:
            raise ModelError(
                "llm.model doit nommer un modèle enregistré (egide model add) / "
                "must name a registered model"
            )
        gguf = [p for p in verified.weights() if p.suffix == ".gguf"]
        if not gguf:
            raise ModelError("aucun fichier GGUF / no GGUF file")
        return LlamaCppBackend(gguf[0], settings.context_tokens, provenance)
    from egide.llm.openai_compat import OpenAICompatBackend

    return OpenAICompatBackend(settings, provenance)
