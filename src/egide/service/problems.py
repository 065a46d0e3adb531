"""Errors as RFC 9457 problem details (``application/problem+json``), carrying the same
``E-`` codes as the command line, in the language the client asks for."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from egide.errors import EgideError
from egide.i18n import N_, t
from egide.i18n.validation import Invalid
from egide.service.errors import BadRequestError, NotFoundError

MEDIA_TYPE = "application/problem+json"
INTERNAL = (
    N_("Erreur interne du service"),
    N_("l'incident est journalisé ; réessayez ou prévenez l'administrateur"),
)


class Refusal(HTTPException):
    """An ``EgideError`` raised where the framework expects an HTTP exception (while the
    body is read): it passes through the framework's body parsing unchanged."""

    def __init__(self, error: EgideError) -> None:
        super().__init__(error.http_status)
        self.error = error


def lang_of(request: Request, default: str = "fr") -> str:
    """``en`` when the client prefers English (Accept-Language), else French."""
    header = request.headers.get("accept-language", "").lower()
    first = header.split(",")[0].strip()
    if first.startswith("en"):
        return "en"
    if first.startswith("fr"):
        return "fr"
    return default


def problem(
    error: EgideError, lang: str, instance: str = "", status: int | None = None
) -> JSONResponse:
    status = status or error.http_status
    body: dict[str, Any] = {
        "type": f"urn:egide:error:{error.code}",
        "title": error.message(lang),
        "status": status,
        "detail": error.hint(lang),
        "code": error.code,
        "exit": error.exit_code,
        "instance": instance,
    }
    headers = {"WWW-Authenticate": 'Bearer realm="egide"'} if status == 401 else None
    return JSONResponse(body, status, headers=headers, media_type=MEDIA_TYPE)


def install(app: FastAPI, default_lang: str) -> None:
    """Every error leaves as problem+json; nothing of an internal error's detail does."""

    async def egide_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, EgideError)
        return problem(exc, lang_of(request, default_lang), request.url.path)

    async def validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        error = BadRequestError(Invalid(exc.errors()) if exc.errors() else "?")
        return problem(error, lang_of(request, default_lang), request.url.path)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        lang = lang_of(request, default_lang)
        if isinstance(exc, Refusal):
            return problem(exc.error, lang, request.url.path)
        if exc.status_code == 404:
            return problem(NotFoundError(request.url.path), lang, request.url.path)
        error = BadRequestError(f"HTTP {exc.status_code}")
        return problem(error, lang, request.url.path, exc.status_code)

    async def internal(request: Request, exc: Exception) -> JSONResponse:
        lang = lang_of(request, default_lang)
        title, detail = (t(text, lang) for text in INTERNAL)
        body = {
            "type": "urn:egide:error:E-INTERNAL",
            "title": title,
            "status": 500,
            "detail": detail,
            "code": "E-INTERNAL",
            "exit": 1,
            "instance": request.url.path,
        }
        return JSONResponse(body, 500, media_type=MEDIA_TYPE)

    app.add_exception_handler(EgideError, egide_error)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal)
