"""Users, for administrators: the registry and a form to add one (``ops.users`` requires
the admin role and audits)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from egide.errors import EgideError
from egide.i18n import t
from egide.ops import users
from egide.security.labels import Level
from egide.security.principals import Role
from egide.web.render import described, page
from egide.web.session import Look, Post, Viewer

router = APIRouter()
#: Personnel data is kept at this marking (the users table's label).
PERSONNEL = "DIFFUSION RESTREINTE"


@router.get("/users")
def users_page(request: Request, viewer: Look) -> Response:
    return _page(request, viewer, None, None)


def _page(request: Request, viewer: Viewer, note: str | None, error: str | None) -> Response:
    context: dict[str, Any] = {
        "users": users.listing(viewer.app),
        "levels": [level.name for level in Level],
        "roles": [role.value for role in Role],
        "personnel": PERSONNEL,
        "note": note,
        "error": error,
    }
    return page(request, "users.html", context, title=t("Utilisateurs", viewer.lang),
                viewer=viewer, status=422 if error else 200)


@router.post("/users")
def add_user(
    request: Request,
    viewer: Post,
    name: Annotated[str, Form(max_length=64)],
    clearance: Annotated[str, Form(max_length=8)],
    nationality: Annotated[str, Form(max_length=8)],
    compartments: Annotated[str, Form(max_length=400)] = "",
    roles: Annotated[list[str] | None, Form(max_length=8)] = None,
) -> Response:
    parts = [c.strip().upper() for c in compartments.split(",") if c.strip()]
    try:
        made = users.add(viewer.app, name.strip(), clearance, nationality.strip().upper(),
                         parts, roles or None)
    except EgideError as exc:
        return _page(request, viewer, None, described(exc, viewer.lang))
    added = t("Utilisateur {name} ajouté.", viewer.lang, name=made["name"])
    return _page(request, viewer, added, None)
