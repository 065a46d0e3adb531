"""One document in full, and what enrichment found across the documents a requester may
read: dated events (a timeline) and coordinates (a map). Every read is filtered by the
requester's authority in the query, re-checked before it leaves, and audited."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from egide.app import App
from egide.enrich.geo import latlon_to_mgrs
from egide.ingest.chunking import Span, sentences
from egide.security.access import may_read, readable
from egide.security.labels import PUBLIC, Label, parse_label
from egide.service.errors import NotFoundError
from egide.store.labels import all_labels, label_by_id

_GROUPS = {"DATE": "dates", "COORD": "coordinates"}
MAX_EVENT_CHARS = 280


def view(app: App, uid: str) -> dict[str, Any]:
    """Everything stored about one document, as the requester may see it: text, label,
    grade, provenance, entities, dates and coordinates with their spans, and the products
    citing it that the requester may read. Unreadable or absent: "not found" (the denial
    is audited at the document's label)."""
    user = app.require_user()
    authority = app.authority(user)
    row = app.db.execute(
        "SELECT d.*, l.canonical AS label FROM documents d JOIN labels l ON l.id = d.label_id"
        " WHERE d.uid = ?",
        (uid,),
    ).fetchone()
    label = label_by_id(app.db, int(row["label_id"])) if row is not None else None
    if row is None or label is None or not may_read(authority, label):
        if label is not None:
            app.record(
                user.name, "access.denied", {"reason": "document not readable", "document": uid},
                label, decision="deny",
            )
        raise NotFoundError(uid)
    mentions = _mentions(app.db, int(row["id"]), readable(authority, all_labels(app.db)))
    payload: dict[str, Any] = {
        "id": row["uid"],
        "title": row["title"],
        "label": row["label"],
        "grade": row["grade"],
        "provenance": {
            "path": row["path"],
            "source": row["source"],
            "date": row["doc_date"],
            "language": row["language"],
            "ingested_at": row["ingested_at"],
            "ingested_by": row["ingested_by"],
            "content_sha256": row["content_hash"],
            "parts": json.loads(row["parts"]),
        },
        "findings": json.loads(row["flags"]),
        "text": row["text"],
        "entities": [],
        "dates": [],
        "coordinates": [],
        "products": citing(app, uid),
    }
    for m in mentions:
        payload[_GROUPS.get(m["kind"], "entities")].append(m)
    labels = (row["label"], *sorted({m["label"] for m in mentions}))
    if not app.release(user, authority, "document.show", [(labels, payload)]):
        raise NotFoundError(uid)
    app.record(user.name, "document.show", {"document": uid}, label)
    return payload


def citing(app: App, uid: str) -> list[dict[str, Any]]:
    """The products the requester may read whose sources include document ``uid``."""
    user = app.require_user()
    authority = app.authority(user)
    allowed = readable(authority, all_labels(app.db))
    if not allowed:
        return []
    marks = ",".join("?" * len(allowed))
    rows = app.db.execute(
        "SELECT DISTINCT p.uid, p.status, p.created_at, l.canonical AS label,"
        " json_extract(p.body, '$.question') AS question FROM products p"
        " JOIN labels l ON l.id = p.label_id, json_each(p.body, '$.sources') s"
        f" WHERE json_extract(s.value, '$.document_id') = ? AND p.label_id IN ({marks})"
        " ORDER BY p.id",
        (uid, *allowed),
    ).fetchall()
    return app.release(user, authority, "product.list", [((r["label"],), dict(r)) for r in rows])


def timeline(app: App, limit: int = 500) -> list[dict[str, Any]]:
    """Dated events in what the requester may read, oldest first: each resolved date with
    the sentence it stands in, its document and its label. Audited."""
    rows = _readable_mentions(app, "DATE", limit)
    spans: dict[str, list[Span]] = {}
    events = []
    for r in rows:
        value = (r["value"] or "")[:10]
        if len(value) != 10 or not value[:4].isdigit():
            continue
        events.append(
            {
                "date": value,
                "when": r["value"],
                "surface": r["surface"],
                "sentence": _sentence(spans, r),
                "document": r["uid"],
                "title": r["title"],
                "label": r["label"],
            }
        )
    events.sort(key=lambda e: (e["date"], e["document"]))
    return _released(app, "timeline", events)


def places(app: App, limit: int = 500) -> list[dict[str, Any]]:
    """Coordinates found in what the requester may read, in decimal degrees and MGRS,
    each with its document and label. Audited."""
    spans: dict[str, list[Span]] = {}
    out = []
    for r in _readable_mentions(app, "COORD", limit):
        if r["lat"] is None or r["lon"] is None:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        out.append(
            {
                "lat": lat,
                "lon": lon,
                "mgrs": latlon_to_mgrs(lat, lon),
                "surface": r["surface"],
                "sentence": _sentence(spans, r),
                "document": r["uid"],
                "title": r["title"],
                "label": r["label"],
            }
        )
    return _released(app, "map", out)


def _released(app: App, what: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    user = app.require_user()
    kept = app.release(user, app.authority(user), what, [((i["label"],), i) for i in items])
    label: Label = PUBLIC
    for item in kept:
        label = label.lub(parse_label(item["label"]))
    app.record(user.name, f"{what}.show", {"items": len(kept)}, label)
    return kept


def _readable_mentions(app: App, kind: str, limit: int) -> list[sqlite3.Row]:
    user = app.require_user()
    allowed = readable(app.authority(user), all_labels(app.db))
    if not allowed:
        return []
    marks = ",".join("?" * len(allowed))
    return app.db.execute(
        "SELECT m.char_start, m.char_end, m.surface, m.value, e.lat, e.lon, d.uid, d.title,"
        " d.text, l.canonical AS label FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN documents d ON d.id = m.document_id JOIN labels l ON l.id = m.label_id"
        f" WHERE e.kind = ? AND m.label_id IN ({marks}) AND d.label_id IN ({marks})"
        " ORDER BY m.id LIMIT ?",
        (kind, *allowed, *allowed, limit),
    ).fetchall()


def _mentions(
    conn: sqlite3.Connection, doc_id: int, allowed: list[int]
) -> list[dict[str, Any]]:
    if not allowed:
        return []
    marks = ",".join("?" * len(allowed))
    rows = conn.execute(
        "SELECT m.char_start, m.char_end, m.surface, m.value, e.kind, e.name, e.lat, e.lon,"
        " l.canonical AS label FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN labels l ON l.id = m.label_id"
        f" WHERE m.document_id = ? AND m.label_id IN ({marks}) ORDER BY m.char_start, m.id",
        (doc_id, *allowed),
    )
    out = []
    for r in rows:
        item: dict[str, Any] = {
            "kind": r["kind"],
            "text": r["surface"],
            "name": r["name"],
            "start": int(r["char_start"]),
            "end": int(r["char_end"]),
            "label": r["label"],
        }
        if r["value"] is not None:
            item["value"] = r["value"]
        if r["lat"] is not None and r["lon"] is not None:
            item["lat"], item["lon"] = float(r["lat"]), float(r["lon"])
            item["mgrs"] = latlon_to_mgrs(item["lat"], item["lon"])
        out.append(item)
    return out


def _sentence(cache: dict[str, list[Span]], row: sqlite3.Row) -> str:
    """The sentence of the mention's document holding it, cut to a readable length."""
    text, start, end = row["text"], int(row["char_start"]), int(row["char_end"])
    if row["uid"] not in cache:
        cache[row["uid"]] = sentences(text)
    for span in cache[row["uid"]]:
        if span.start <= start < span.end:
            found = text[span.start : max(span.end, end)]
            break
    else:
        found = text[max(0, start - 120) : end + 120]
    found = " ".join(found.split())
    return found if len(found) <= MAX_EVENT_CHARS else found[: MAX_EVENT_CHARS - 1] + "…"
