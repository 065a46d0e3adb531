"""A document in full (``egide.document.view``, as ``egide document show`` and the API give
it): banner, provenance, corrections, the text with its entities, dates and coordinates
highlighted, the briefs that cite it; for officers, reclassify or retract it
(``egide.document.correct``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from egide.document import correct, view
from egide.enrich.geo import latlon_to_mgrs
from egide.errors import EgideError
from egide.ops import documents
from egide.service.deps import Ident
from egide.web.render import described, page
from egide.web.session import Look, Post, Viewer

router = APIRouter()
Reason = Annotated[str, Form(min_length=1, max_length=4000)]


@router.get("/documents/{uid}")
def document_page(request: Request, viewer: Look, uid: Ident) -> Response:
    return _page(request, viewer, uid, None)


def _page(request: Request, viewer: Viewer, uid: str, error: str | None) -> Response:
    doc = view.show(viewer.app, viewer.user, uid)
    for c in doc["coordinates"]:
        if "lat" in c and "lon" in c:
            c["mgrs"] = latlon_to_mgrs(c["lat"], c["lon"])
    spans = [
        {
            "start": m["start"],
            "end": m["end"],
            "kind": m["kind"],
            "title": " · ".join(str(x) for x in (m["kind"], m.get("value"), m.get("mgrs")) if x),
        }
        for group in ("dates", "coordinates", "entities")
        for m in doc[group]
    ]
    context: dict[str, Any] = {
        "doc": doc,
        "spans": spans,
        "products": documents.citing(viewer.app, uid),
        "officer": any(viewer.has(role) for role in correct.OFFICERS),
        "error": error,
    }
    return page(request, "document.html", context, title=doc["title"], viewer=viewer,
                status=422 if error else 200)


@router.post("/documents/{uid}/reclassify")
def reclassify(
    request: Request,
    viewer: Post,
    uid: Ident,
    label: Annotated[str, Form(min_length=1, max_length=200)],
    reason: Reason,
) -> Response:
    try:
        correct.reclassify(viewer.app, viewer.user, uid, label, reason)
    except EgideError as exc:
        return _failed(request, viewer, uid, exc)
    return RedirectResponse(f"/documents/{uid}", status_code=303)


@router.post("/documents/{uid}/retract")
def retract(request: Request, viewer: Post, uid: Ident, reason: Reason) -> Response:
    try:
        correct.retract(viewer.app, viewer.user, uid, reason)
    except EgideError as exc:
        return _failed(request, viewer, uid, exc)
    return RedirectResponse(f"/documents/{uid}", status_code=303)


def _failed(request: Request, viewer: Viewer, uid: str, exc: EgideError) -> Response:
    """The document again with the refusal; one the viewer may not read stays "not found"."""
    response = _page(request, viewer, uid, described(exc, viewer.lang))
    response.status_code = exc.http_status
    return response
