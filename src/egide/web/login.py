"""Logging in (client certificate or password) and out. The session is the API's: the
same cookie, the same checks, the same audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from egide.errors import EgideError
from egide.i18n import t
from egide.service.auth import COOKIE, set_session_cookie
from egide.service.deps import cert_of, client_ip, service
from egide.web.render import described, page
from egide.web.session import Post, page_lang

router = APIRouter()
HOME = "/search"


@router.get("/")
def home() -> Response:
    return RedirectResponse(HOME, status_code=303)


@router.get("/login")
def login_form(request: Request) -> Response:
    return _form(request, None, 200)


def _form(request: Request, error: EgideError | None, status: int) -> Response:
    lang = page_lang(request)
    cert = cert_of(request)
    context: dict[str, Any] = {
        "cert": (cert.cn or cert.fingerprint[:16]) if cert is not None else None,
        "error": described(error, lang) if error else None,
    }
    title = t("Connexion", lang)
    return page(request, "login.html", context, title=title, lang=lang, status=status)


@router.post("/login")
def login(
    request: Request,
    user: Annotated[str | None, Form(max_length=64)] = None,
    password: Annotated[str | None, Form(max_length=1024)] = None,
) -> Response:
    """With a user name and password, a password session; with neither, a session bound
    to the verified client certificate."""
    state = service(request)
    name = (user or "").strip() or None
    try:
        cookie, _info = state.auth.login(
            client_ip(request), cert_of(request), name, password if name else None
        )
    except EgideError as exc:
        return _form(request, exc, exc.http_status)
    response = RedirectResponse(HOME, status_code=303)
    set_session_cookie(response, cookie, state.auth.settings.session_max_h)
    return response


@router.post("/logout")
def logout(request: Request, viewer: Post) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        service(request).auth.logout(cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response
