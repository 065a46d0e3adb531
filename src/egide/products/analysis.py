"""What code derives from the context for every brief, whatever the engine: entities and
the chronology. Each item cites the exact spans it comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egide.products.context import Context, Passage, Sentence
from egide.products.contradictions import EVENTS
from egide.products.dtg import dtg_of
from egide.products.extractive import SALIENT, display, usable
from egide.products.model import Citation, EntityEntry, TimelineEvent

if TYPE_CHECKING:
    from egide.app import App

_KINDS = ("PER", "ORG", "LOC", "UNIT", "EQUIPMENT", "COORD")


def _citation(s: Sentence) -> Citation:
    return Citation(
        source=s.passage.source, chunk_id=s.passage.chunk_id, quote=s.text, start=s.start, end=s.end
    )


def mentions(app: App, ctx: Context) -> list[dict[str, Any]]:
    """Entity mentions inside the passages of the context."""
    out: list[dict[str, Any]] = []
    for p in ctx.passages:
        rows = app.db.execute(
            "SELECT e.kind, e.name, e.norm, e.lat, e.lon, m.char_start, m.char_end, m.value"
            " FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " JOIN documents d ON d.id = m.document_id"
            " WHERE d.uid = ? AND m.char_start >= ? AND m.char_end <= ?",
            (p.document, p.start, p.start + len(p.text)),
        )
        out.extend({**dict(r), "passage": p} for r in rows)
    return out


def entities(
    app: App, ctx: Context, limit: int = 40, found: list[dict[str, Any]] | None = None
) -> list[EntityEntry]:
    import mgrs

    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    seen_spans: set[tuple[str, int]] = set()
    for m in found if found is not None else mentions(app, ctx):
        if m["kind"] not in _KINDS or (m["passage"].document, m["char_start"]) in seen_spans:
            continue
        if m["passage"].flagged_at(m["char_start"], m["char_end"]):
            continue
        seen_spans.add((m["passage"].document, m["char_start"]))
        entry = grouped.setdefault(
            (m["kind"], m["norm"]),
            {
                "kind": m["kind"],
                "name": m["name"],
                "mentions": 0,
                "sources": set(),
                "lat": m["lat"],
                "lon": m["lon"],
            },
        )
        entry["mentions"] += 1
        entry["sources"].add(m["passage"].source)
    out = []
    for e in sorted(grouped.values(), key=lambda e: (-e["mentions"], e["kind"], e["name"])):
        grid = None
        if e["lat"] is not None and e["lon"] is not None:
            try:
                grid = mgrs.MGRS().toMGRS(e["lat"], e["lon"], MGRSPrecision=5)
            except Exception:  # outside the MGRS domain (poles)
                grid = None
        out.append(
            EntityEntry(
                kind=e["kind"],
                name=e["name"],
                mentions=e["mentions"],
                sources=sorted(e["sources"], key=lambda s: int(s[1:])),
                lat=e["lat"],
                lon=e["lon"],
                mgrs=grid,
            )
        )
    return out[:limit]


def _sentence_at(p: Passage, start: int) -> Sentence | None:
    for s in p.sentences():
        if s.start <= start < s.end:
            return s
    return None


def timeline(
    app: App, ctx: Context, limit: int = 30, found: list[dict[str, Any]] | None = None
) -> list[TimelineEvent]:
    """Dated events: whole statements that report an event (not headings, table rows or
    metadata lines), one entry per sentence at its most precise date, as a DTG."""
    titles = {s.id: s.title for s in ctx.sources}
    events: dict[tuple[str, int], tuple[str, TimelineEvent]] = {}
    for m in found if found is not None else mentions(app, ctx):
        if m["kind"] != "DATE" or not m["value"]:
            continue
        p = m["passage"]
        s = _sentence_at(p, m["char_start"])
        if s is None or s.flagged or not usable(s, titles.get(p.source, "")):
            continue
        if not (EVENTS.search(s.text) or SALIENT.search(s.text)):
            continue
        value = str(m["value"])
        key = (p.document, s.start)
        if key in events and len(events[key][0]) >= len(value):
            continue
        events[key] = (
            value,
            TimelineEvent(date=dtg_of(value), text=display(s.text), citations=[_citation(s)]),
        )
    ordered = sorted(events.values(), key=lambda e: (e[0][:16], e[1].citations[0].source))
    return [e for _, e in ordered][:limit]
