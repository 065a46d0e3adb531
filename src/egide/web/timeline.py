"""The timeline: dated events in what the viewer may read, drawn on a time axis and listed
by day."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from egide.i18n import t
from egide.ops import documents
from egide.web.render import page
from egide.web.session import Look

router = APIRouter()
WIDTH, LEFT, RIGHT = 900, 30, 30


@router.get("/timeline")
def timeline_page(request: Request, viewer: Look) -> Response:
    events = documents.timeline(viewer.app)
    days = [(day, list(items)) for day, items in groupby(events, key=lambda e: e["date"])]
    return page(
        request,
        "timeline.html",
        {"days": days, "axis": _axis(days)},
        title=t("Chronologie des événements datés", viewer.lang),
        viewer=viewer,
    )


def _axis(days: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Positions on a horizontal axis: one mark per day, sized by its number of events."""
    if not days:
        return {"marks": [], "ticks": []}
    first, last = date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    marks = [
        {"x": x(date.fromisoformat(d)), "r": min(3 + len(items), 12), "day": d, "n": len(items)}
        for d, items in days
    ]
    every = max(1, len(days) // 8)
    ticks = [{"x": m["x"], "label": m["day"]} for m in marks[::every]]
    return {"marks": marks, "ticks": ticks}
