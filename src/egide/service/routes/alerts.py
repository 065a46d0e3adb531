"""Alerts: the live stream (server-sent events), the list, and acknowledgement."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from egide.ops import alerts
from egide.service.deps import Acting, Ident, State

router = APIRouter(tags=["alerts"])
Priority = Literal["FLASH", "IMMEDIAT", "URGENT", "ROUTINE"]
HEARTBEAT_S = 15.0


@router.get("/alerts")
def list_alerts(
    app: Acting,
    after: Annotated[int, Query(ge=0)] = 0,
    priority: Annotated[list[Priority] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Any:
    """Alerts the requester may read, newest first, with their acknowledgement."""
    return {"alerts": alerts.listing(app, after, priority, limit)}


@router.post("/alerts/{consumer}/{alert_id}/ack")
def acknowledge(app: Acting, consumer: Ident, alert_id: Ident) -> Any:
    """Record that the requester has seen the alert (it triggers nothing)."""
    result = alerts.acknowledge(app, consumer, alert_id)
    return {k: result[k] for k in ("consumer", "alert_id", "acknowledged")}


@router.get("/alerts/stream")
async def stream(request: Request, state: State) -> StreamingResponse:
    """New alerts, as they are recorded, for as long as the client listens."""
    from egide.service.deps import acting

    app = await run_in_threadpool(acting, request)
    sub = await run_in_threadpool(state.alerts.subscribe, app, asyncio.get_running_loop())

    async def events() -> AsyncIterator[bytes]:
        try:
            yield b": egide alerts\n\n"
            while not state.alerts.stopping:
                try:
                    item = await asyncio.wait_for(sub.queue.get(), timeout=HEARTBEAT_S)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if item.get("type") == "end":
                    break
                data = json.dumps(item, ensure_ascii=False)
                yield f"id: {item['seq']}\nevent: alert\ndata: {data}\n\n".encode()
        finally:
            state.alerts.unsubscribe(sub)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
