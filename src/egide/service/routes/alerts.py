"""Alerts: the live stream (server-sent events), the list, and acknowledgement."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from egide.security.access import may_read, readable
from egide.service.alerts import alert_payload
from egide.service.deps import Acting, Ident, State
from egide.service.errors import NotFoundError
from egide.store.credentials import iso, now
from egide.store.db import transaction
from egide.store.labels import all_labels, label_by_id

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
    user = app.require_user()
    authority = app.authority(user)
    allowed = readable(authority, all_labels(app.db))
    if not allowed:
        return {"alerts": []}
    where = f"a.label_id IN ({','.join('?' * len(allowed))}) AND a.rowid > ?"
    params: list[object] = [*allowed, after]
    if priority:
        where += f" AND a.priority IN ({','.join('?' * len(priority))})"
        params.extend(priority)
    rows = app.db.execute(
        "SELECT a.rowid, a.consumer, a.id, a.label_id, a.priority, a.body, a.created_at,"
        " k.at AS acked_at FROM alerts a LEFT JOIN alert_acks k ON k.consumer = a.consumer"
        f" AND k.alert_id = a.id AND k.user = ? WHERE {where} ORDER BY a.rowid DESC LIMIT ?",
        (user.name, *params, limit),
    ).fetchall()
    items = [
        ((label_by_id(app.db, int(r["label_id"])).canonical(),), r) for r in rows
    ]
    kept = app.release(user, authority, "alert", items)
    return {
        "alerts": [
            {
                **alert_payload(r, label_by_id(app.db, int(r["label_id"]))),
                "acknowledged_at": r["acked_at"],
            }
            for r in kept
        ]
    }


@router.post("/alerts/{consumer}/{alert_id}/ack")
def acknowledge(app: Acting, consumer: Ident, alert_id: Ident) -> Any:
    """Record that the requester has seen the alert (it triggers nothing)."""
    user = app.require_user()
    authority = app.authority(user)
    row = app.db.execute(
        "SELECT label_id FROM alerts WHERE consumer = ? AND id = ?", (consumer, alert_id)
    ).fetchone()
    label = label_by_id(app.db, int(row["label_id"])) if row else None
    if label is None or not may_read(authority, label) or not app.release(
        user, authority, "alert.ack", [((label.canonical(),), True)]
    ):
        raise NotFoundError(alert_id)
    with transaction(app.db):
        app.db.execute(
            "INSERT OR IGNORE INTO alert_acks (consumer, alert_id, user, at, label_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (consumer, alert_id, user.name, iso(now()), int(row["label_id"])),
        )
        app.record(user.name, "alert.ack", {"consumer": consumer, "alert": alert_id}, label)
    return {"consumer": consumer, "alert_id": alert_id, "acknowledged": True}


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
