"""Alerts on the board: the list a requester may read, and acknowledgement (which records
that a person has seen an alert and triggers nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from egide.security.access import may_read, readable
from egide.service.alerts import alert_payload
from egide.service.errors import NotFoundError
from egide.store.credentials import iso, now
from egide.store.db import transaction
from egide.store.labels import all_labels, label_by_id

if TYPE_CHECKING:
    from egide.app import App

PRIORITIES = ("FLASH", "IMMEDIAT", "URGENT", "ROUTINE")


def listing(
    app: App, after: int = 0, priority: Sequence[str] | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Alerts the requester may read, newest first, with their acknowledgement."""
    user = app.require_user()
    authority = app.authority(user)
    allowed = readable(authority, all_labels(app.db))
    if not allowed:
        return []
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
    items = [((label_by_id(app.db, int(r["label_id"])).canonical(),), r) for r in rows]
    kept = app.release(user, authority, "alert", items)
    return [
        {
            **alert_payload(r, label_by_id(app.db, int(r["label_id"]))),
            "acknowledged_at": r["acked_at"],
        }
        for r in kept
    ]


def acknowledge(app: App, consumer: str, alert_id: str) -> dict[str, Any]:
    """Record that the requester has seen the alert; an alert they may not read does not
    exist for them."""
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
    at = iso(now())
    with transaction(app.db):
        app.db.execute(
            "INSERT OR IGNORE INTO alert_acks (consumer, alert_id, user, at, label_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (consumer, alert_id, user.name, at, int(row["label_id"])),
        )
        app.record(user.name, "alert.ack", {"consumer": consumer, "alert": alert_id}, label)
    return {"consumer": consumer, "alert_id": alert_id, "acknowledged": True, "at": at}
