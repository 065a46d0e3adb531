"""Who is looking at a page: the same authentication as the API (``service.auth``), from
the session cookie a login opened. A page needs a session (its CSRF token goes into every
form); without one, or with one that no longer holds, the browser is sent to the login
page. State-changing requests carry the session's CSRF token (form field ``csrf`` or
header ``X-CSRF-Token``) and go through the same check as the API's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Form, Request

from egide.app import App
from egide.security.principals import Role, User
from egide.service.auth import COOKIE
from egide.service.deps import auth_request, service
from egide.service.errors import AuthError
from egide.store import credentials

LANG_COOKIE = "egide_lang"
LANGS = ("fr", "en")


class LoginRequired(Exception):
    """No session, or one that is closed, expired or used from elsewhere."""


@dataclass(frozen=True)
class Viewer:
    app: App
    user: User
    lang: str
    csrf: str

    def has(self, role: Role) -> bool:
        return self.user.has(role)


def page_lang(request: Request) -> str:
    """``?lang=`` first (the switch), then the language cookie, then the service's
    language (French unless configured otherwise): French first, whatever the browser."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return str(asked)
    kept = request.cookies.get(LANG_COOKIE)
    if kept in LANGS:
        return str(kept)
    return service(request).root.settings.lang


def _viewer(request: Request, csrf: str | None) -> Viewer:
    state = service(request)
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        raise LoginRequired()
    asked = auth_request(request)
    if csrf is not None:
        asked = replace(asked, csrf=csrf)
    try:
        principal = state.auth.authenticate(asked)
    except AuthError:
        raise LoginRequired() from None
    session = credentials.get_session(state.root.db, cookie)
    if session is None:
        raise LoginRequired()
    app = state.root.acting_as(principal)
    return Viewer(app, app.require_user(), page_lang(request), session.csrf)


def viewer(request: Request) -> Viewer:
    """For pages that only read."""
    return _viewer(request, None)


def poster(request: Request, csrf: Annotated[str | None, Form()] = None) -> Viewer:
    """For forms that change something: the CSRF token from the form, else the header."""
    return _viewer(request, csrf)


Look = Annotated[Viewer, Depends(viewer)]
Post = Annotated[Viewer, Depends(poster)]
