"""What is found across the documents a requester may read: the products citing one
document, dated events (a timeline) and coordinates (a map). Every read is filtered by the
requester's authority in the query, re-checked before it leaves, and audited. (One
document in full is ``egide.document.view``.)"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from egide.enrich.geo import latlon_to_mgrs
from egide.ingest.chunking import Span, sentences
from egide.security.access import readable
from egide.security.labels import PUBLIC, Label, parse_label
from egide.store import corrections
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App

MAX_EVENT_CHARS = 280


def citing(app: App, uid: str) -> list[dict[str, Any]]:
    """The products the requester may read whose sources include document ``uid``, with
    whether a correction of a cited document flagged them."""
    user = app.require_user()
    authority = app.authority(user)
    allowed = set(readable(authority, all_labels(app.db)))
    items = [
        (
            (r["label"],),
            {
                "uid": r["uid"],
                "label": r["label"],
                "status": r["status"],
                "question": json.loads(r["body"]).get("question", ""),
                "flagged": bool(json.loads(r["flags"] or "[]")),
            },
        )
        for r in corrections.citing_products(app.db, uid)
        if int(r["label_id"]) in allowed
    ]
    return app.release(user, authority, "product.list", items)


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
        " AND d.retracted_at IS NULL"
        " ORDER BY m.id LIMIT ?",
        (kind, *allowed, *allowed, limit),
    ).fetchall()


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
