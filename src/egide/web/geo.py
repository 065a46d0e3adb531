"""The map: every coordinate found in what the viewer may read (decimal and MGRS), on an
offline basemap drawn on the server (``mapsvg``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from egide.i18n import t
from egide.ops import documents
from egide.web.mapsvg import plot
from egide.web.render import page
from egide.web.session import Look

router = APIRouter()


@router.get("/map")
def map_page(request: Request, viewer: Look) -> Response:
    places = documents.places(viewer.app)
    drawn = plot([(p["lat"], p["lon"]) for p in places])
    return page(
        request,
        "map.html",
        {"places": places, "plot": drawn, "points": list(zip(places, drawn.points, strict=True))},
        title=t("web.map.title", viewer.lang),
        viewer=viewer,
    )
