"""The live alert board: the alerts the viewer may read, new ones pushed as they are
recorded (server-sent events of rendered rows, with the banner they raise the page to),
acknowledgement, a filter by priority. An alert notifies; nothing here acts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from egide.errors import EgideError
from egide.i18n import t
from egide.ops import alerts as ops
from egide.service.deps import Ident, service
from egide.service.errors import BadRequestError
from egide.web.banner import Marks
from egide.web.render import fragment, page
from egide.web.session import Look, Post, viewer

router = APIRouter()
HEARTBEAT_S = 15.0
Priorities = Annotated[list[str] | None, Query(max_length=4)]


def _wanted(priority: list[str] | None) -> list[str]:
    return [p for p in priority or [] if p in ops.PRIORITIES]


@router.get("/alerts")
def board(request: Request, viewer: Look, priority: Priorities = None) -> Response:
    wanted = _wanted(priority)
    items = ops.listing(viewer.app, priority=wanted or None)
    query = "&".join(f"priority={p}" for p in wanted)
    return page(
        request,
        "alerts.html",
        {"alerts": items, "wanted": wanted, "priorities": ops.PRIORITIES,
         "stream": "/alerts/events" + (f"?{query}" if query else "")},
        title=t("Alertes en direct", viewer.lang),
        viewer=viewer,
        scripts=("board.js",),
    )


@router.post("/alerts/{consumer}/{alert_id}/ack")
def acknowledge(viewer: Post, consumer: Ident, alert_id: Ident) -> Response:
    """Acknowledge, and answer the alert's row as it now stands (for htmx to swap in)."""
    done = ops.acknowledge(viewer.app, consumer, alert_id)
    row = next(
        (a for a in ops.listing(viewer.app) if a["consumer"] == consumer
         and a["alert_id"] == alert_id),
        None,
    )
    if row is None:  # acknowledged, but no longer among the newest: a bare row
        row = {"consumer": consumer, "alert_id": alert_id, "acknowledged_at": done["at"]}
    html, _ = fragment("alert_row.html", {"a": row, "viewer": viewer}, viewer.lang)
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/alerts/events")
async def events(
    request: Request, priority: Priorities = None, base: Annotated[str, Query()] = ""
) -> StreamingResponse:
    """New alerts as rendered rows: ``data: {"html", "banner", "level"}``. The banner is
    the least upper bound of the page's own (``base``) and every alert sent since."""
    who = await run_in_threadpool(viewer, request)
    hub = service(request).alerts
    wanted = set(_wanted(priority))
    marks = Marks(who.app.parse_marking)
    if base:
        try:
            marks.mark(base)  # the page's banner when it loaded
        except EgideError:
            raise BadRequestError("base") from None
    sub = await run_in_threadpool(hub.subscribe, who.app, asyncio.get_running_loop())

    async def stream() -> AsyncIterator[bytes]:
        try:
            yield b": egide board\n\n"
            while not hub.stopping:
                try:
                    item = await asyncio.wait_for(sub.queue.get(), timeout=HEARTBEAT_S)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if item.get("type") == "end":
                    break
                if wanted and item["priority"] not in wanted:
                    continue
                row: dict[str, Any] = {**item, "acknowledged_at": None}
                html, _ = fragment(
                    "alert_row.html", {"a": row, "viewer": who, "new": True}, who.lang, marks
                )
                banner = marks.banner()
                data = json.dumps(
                    {"html": html, "banner": banner.canonical(),
                     "level": banner.level.name.lower(), "seq": item["seq"]},
                    ensure_ascii=False,
                )
                yield f"id: {item['seq']}\nevent: alert\ndata: {data}\n\n".encode()
        finally:
            hub.unsubscribe(sub)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
