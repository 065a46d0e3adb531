"""Running the store: health report and the model's kill switch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egide.doctor import diagnose
from egide.errors import AccessDeniedError
from egide.i18n import Msg
from egide.llm.factory import llm_enabled
from egide.models.registry import status
from egide.security.principals import Role, User
from egide.store.db import transaction

if TYPE_CHECKING:
    from egide.app import App


def _officer(app: App, what: str) -> User:
    user = app.require_user()
    if not (user.has(Role.ADMIN) or user.has(Role.SECURITY_OFFICER)):
        app.record(user.name, "access.denied", {"reason": what}, decision="deny")
        raise AccessDeniedError(
            Msg("réservé aux administrateurs et officiers de sécurité")
        )
    return user


def doctor(
    app: App, service: dict[str, Any] | None = None, lang: str | None = None
) -> dict[str, Any]:
    _officer(app, "doctor")
    lang = lang or app.settings.lang
    report = diagnose(app, status(app, lang), lang)
    if service is not None:
        report["service"] = service
        report["ok"] = report["ok"] and service["ok"]
    return report


def llm_status(app: App) -> dict[str, Any]:
    app.require_user()
    return {
        "backend": app.settings.llm.backend,
        "model": app.settings.llm.model,
        "url": app.settings.llm.url,
        "enabled": llm_enabled(app),
        "killed": app.meta("llm_killed") == "1",
    }


def llm_switch(app: App, killed: bool, reason: str) -> dict[str, Any]:
    user = _officer(app, "llm switch")
    with transaction(app.db):
        app.set_meta("llm_killed", "1" if killed else "0")
        app.record(user.name, "llm.off" if killed else "llm.on", {"reason": reason})
    return {"killed": killed}
