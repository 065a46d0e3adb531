"""The validator's review queue: the drafts to read, one draft beside another version on
the same question, and validate or reject with a reason (the rules — the validator role,
author ≠ validator at Secret — are ``lifecycle.decide``'s)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from egide.errors import EgideError
from egide.i18n import t
from egide.ops import products as ops
from egide.service.deps import Ident
from egide.web.render import described, page
from egide.web.session import Look, Post, Viewer

router = APIRouter()


@router.get("/review")
def queue(request: Request, viewer: Look) -> Response:
    return page(
        request,
        "review.html",
        {"drafts": ops.drafts(viewer.app)},
        title=t("Relecture des projets", viewer.lang),
        viewer=viewer,
    )


@router.get("/review/{uid}")
def review_page(
    request: Request,
    viewer: Look,
    uid: Ident,
    other: Annotated[str | None, Query(alias="with", pattern=r"^[A-Za-z0-9._-]{1,128}$")] = None,
) -> Response:
    return _review(request, viewer, uid, other, None)


def _review(
    request: Request, viewer: Viewer, uid: str, other: str | None, error: str | None
) -> Response:
    brief = ops.get(viewer.app, uid).to_json()
    versions = ops.versions(viewer.app, uid)
    if other is None and versions:
        other = versions[-1]["uid"]
    context: dict[str, Any] = {
        "brief": brief,
        "versions": versions,
        "other": ops.get(viewer.app, other).to_json() if other else None,
        "error": error,
    }
    return page(
        request,
        "review_one.html",
        context,
        title=f"{t('Relecture', viewer.lang)} — {uid}",
        viewer=viewer,
        status=403 if error else 200,
    )


@router.post("/review/{uid}")
def decide(
    request: Request,
    viewer: Post,
    uid: Ident,
    decision: Annotated[Literal["validated", "rejected"], Form()],
    reason: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    try:
        ops.decide(viewer.app, uid, decision, reason)
    except EgideError as exc:
        return _review(request, viewer, uid, None, described(exc, viewer.lang))
    return RedirectResponse(f"/products/{uid}", status_code=303)
