"""The map: every coordinate found in what the viewer may read (decimal and MGRS), on an
offline basemap drawn on the server (``mapsvg``)."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from egide.i18n import t
from egide.ops import documents
from egide.web.banner import lub_of
from egide.web.mapsvg import plot
from egide.web.render import page
from egide.web.session import Look, Viewer

router = APIRouter()
SPOT_PX = 6  # places closer than this on the map share one marker


@router.get("/map")
def map_page(request: Request, viewer: Look) -> Response:
    places = documents.places(viewer.app)
    drawn = plot([(p["lat"], p["lon"]) for p in places])
    return page(
        request,
        "map.html",
        {"places": places, "plot": drawn, "markers": _markers(viewer, places, drawn.points)},
        title=t("Carte des coordonnées", viewer.lang),
        viewer=viewer,
    )


def _markers(
    viewer: Viewer, places: list[dict[str, Any]], points: list[tuple[float, float]]
) -> list[dict[str, Any]]:
    """One marker per spot on the map: places drawn within a few pixels of each other
    share it, numbered as in the table, at the level of the highest of their labels."""
    markers: list[dict[str, Any]] = []
    for number, (place, (x, y)) in enumerate(zip(places, points, strict=True), start=1):
        found = next(
            (m for m in markers if math.hypot(m["x"] - x, m["y"] - y) < SPOT_PX), None
        )
        if found is None:
            found = {"x": x, "y": y, "places": [], "numbers": []}
            markers.append(found)
        found["places"].append(place)
        found["numbers"].append(number)
    for marker in markers:
        marker["label"] = lub_of(
            viewer.app.parse_marking(p["label"]) for p in marker["places"]
        ).canonical()
    return markers
