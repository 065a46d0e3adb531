"""The audit log for the security officer: the records they may read, and a check of the
chain (the role is required by ``ops.audit``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from egide.i18n import t
from egide.ops import audit
from egide.web.render import page
from egide.web.session import Look, Post, Viewer

router = APIRouter()


@router.get("/audit")
def audit_page(
    request: Request,
    viewer: Look,
    since: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
) -> Response:
    return _page(request, viewer, since, limit, None)


def _page(
    request: Request, viewer: Viewer, since: str | None, limit: int, check: dict[str, Any] | None
) -> Response:
    records = audit.records(viewer.app, since or None, limit, newest=not since)
    if since:
        records.reverse()
    return page(
        request,
        "audit.html",
        {"records": records, "since": since or "", "check": check},
        title=t("Journal d'audit", viewer.lang),
        viewer=viewer,
    )


@router.post("/audit/verify")
def verify(request: Request, viewer: Post) -> Response:
    check = audit.verify(viewer.app)
    return _page(request, viewer, None, 200, check)
