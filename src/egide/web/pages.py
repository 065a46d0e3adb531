"""Mounting the pages on the service: their routes, the main navigation, and errors shown
as pages (the API keeps its problem details)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from egide.errors import EgideError
from egide.i18n import N_
from egide.security.principals import Role
from egide.service import problems
from egide.web import (
    alerts,
    audit,
    decisions,
    documents,
    geo,
    login,
    products,
    review,
    search,
    static,
    timeline,
    users,
)
from egide.web.render import NavEntry, add_nav, page
from egide.web.session import LoginRequired, page_lang

#: Every page module, in the order of the main navigation.
MODULES = (
    login, search, documents, timeline, geo, products, review, decisions, alerts, audit, users
)
NAV: list[NavEntry] = [
    (N_("Recherche"), "/search", None),
    (N_("Chronologie"), "/timeline", None),
    (N_("Carte"), "/map", None),
    (N_("Fiches"), "/products", None),
    (N_("Relecture"), "/review", Role.VALIDATOR),
    (N_("Décisions"), "/decisions", None),
    (N_("Alertes"), "/alerts", None),
    (N_("Journal d'audit"), "/audit", Role.SECURITY_OFFICER),
    (N_("Utilisateurs"), "/users", Role.ADMIN),
]


def mount(api: FastAPI, default_lang: str) -> None:
    add_nav(NAV)
    api.include_router(static.router)
    for module in MODULES:
        api.include_router(module.router, include_in_schema=False)

    async def login_required(request: Request, exc: Exception) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    async def egide_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, EgideError)
        if request.url.path.startswith("/api/"):
            return problems.problem(exc, problems.lang_of(request, default_lang), request.url.path)
        return error_page(request, exc)

    api.add_exception_handler(LoginRequired, login_required)
    api.add_exception_handler(EgideError, egide_error)


def error_page(request: Request, exc: EgideError) -> Response:
    """An error as a page: its code, what happened and how to fix it; no content shown."""
    lang = page_lang(request)
    response = page(
        request,
        "error.html",
        {"code": exc.code, "what": exc.message(lang), "fix": exc.hint(lang)},
        title=exc.code,
        lang=lang,
        status=exc.http_status,
    )
    return response



