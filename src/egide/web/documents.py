"""A document in full: banner, provenance, text with its entities, dates and coordinates
highlighted, and the briefs that cite it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from egide.ops import documents
from egide.service.deps import Ident
from egide.web.render import page
from egide.web.session import Look

router = APIRouter()


@router.get("/documents/{uid}")
def document_page(request: Request, viewer: Look, uid: Ident) -> Response:
    doc = documents.view(viewer.app, uid)
    spans = [
        {
            "start": m["start"],
            "end": m["end"],
            "kind": m["kind"],
            "title": " · ".join(
                str(x) for x in (m["kind"], m.get("value"), m.get("mgrs")) if x
            ),
        }
        for group in ("dates", "coordinates", "entities")
        for m in doc[group]
    ]
    return page(
        request,
        "document.html",
        {"doc": doc, "spans": spans},
        title=doc["title"] or doc["provenance"]["path"],
        viewer=viewer,
    )
