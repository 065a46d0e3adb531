"""Opening and closing sessions; who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from egide.service.auth import COOKIE, set_session_cookie
from egide.service.deps import Acting, State, cert_of, client_ip

router = APIRouter(tags=["session"])


class Login(BaseModel):
    user: str | None = Field(None, max_length=64)
    password: str | None = Field(None, max_length=1024)


@router.post("/session")
def open_session(body: Login, request: Request, response: Response, state: State) -> Any:
    """Log in with a password, or with the client certificate when none is given. The
    session cookie is Secure, HttpOnly and SameSite=Strict; the CSRF token returned must
    accompany every state-changing request (header ``X-CSRF-Token``)."""
    cookie, info = state.auth.login(
        client_ip(request), cert_of(request), body.user, body.password
    )
    set_session_cookie(response, cookie, state.auth.settings.session_max_h)
    return info


@router.delete("/session")
async def close_session(request: Request, response: Response, state: State) -> Any:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        await run_in_threadpool(state.auth.logout, cookie)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return {"closed": bool(cookie)}


@router.get("/me")
def me(app: Acting) -> Any:
    user = app.require_user()
    authority = app.authority(user)
    principal = app.principal
    return {
        **user.to_dict(),
        "terminal": app.terminal,
        "terminal_accreditation": (
            app.terminal_label.canonical() if app.terminal_label is not None else None
        ),
        "via": principal.via.split(":")[0] if principal else None,
        "authority": {
            "level": authority.level,
            "compartments": sorted(authority.compartments),
            "nationalities": sorted(authority.nationalities),
        },
    }
