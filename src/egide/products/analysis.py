"""What code derives from the context for every brief, whatever the engine: entities,
chronology, contradictions and gaps. Each item cites the exact spans it comes from."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from egide.app import App
from egide.products.context import Context, Passage, Sentence
from egide.products.model import Citation, EntityEntry, Gap, TimelineEvent
from egide.retrieve.analyzer import fold, tokens

_KINDS = ("PER", "ORG", "LOC", "UNIT", "EQUIPMENT", "COORD")
_QUANTITY = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[  .,]\d{3})*|\d+)(?:\s*(?:à|-|–|to)\s*(\d{1,3}(?:[  .,]\d{3})*|\d+))?"
    r"\s+(véhicules?|blindés?|chars?|camions?|combattants?|hommes|soldats|militaires|morts?|"
    r"victimes?|blessés?|drones?|pièces?|obus|vehicles?|tanks?|trucks?|fighters?|men|"
    r"soldiers?|troops|dead|casualties|killed|wounded)\b",
    re.IGNORECASE,
)
_UNITS = {
    "vehicule": "véhicules",
    "blinde": "véhicules",
    "char": "véhicules",
    "vehicle": "véhicules",
    "tank": "véhicules",
    "camion": "camions",
    "truck": "camions",
    "combattant": "effectifs",
    "homme": "effectifs",
    "soldat": "effectifs",
    "militaire": "effectifs",
    "fighter": "effectifs",
    "men": "effectifs",
    "soldier": "effectifs",
    "troop": "effectifs",
    "mort": "pertes",
    "victime": "pertes",
    "dead": "pertes",
    "casualtie": "pertes",
    "killed": "pertes",
    "blesse": "blessés",
    "wounded": "blessés",
    "drone": "drones",
    "piece": "pièces",
    "obus": "obus",
}
_EVENTS = re.compile(
    r"détrui|detrui|destroy|explos|attaqu|attack|franchi|cross|tomb|abattu|"
    r"shot down|effondr|collaps",
    re.IGNORECASE,
)


def _unit(word: str) -> str:
    key = fold(word).rstrip("s") if fold(word) not in {"obus", "men"} else fold(word)
    return _UNITS.get(key, _UNITS.get(fold(word), fold(word)))


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _citation(s: Sentence) -> Citation:
    return Citation(
        source=s.passage.source, chunk_id=s.passage.chunk_id, quote=s.text, start=s.start, end=s.end
    )


def _mentions(app: App, ctx: Context) -> list[dict[str, Any]]:
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


def entities(app: App, ctx: Context, limit: int = 40) -> list[EntityEntry]:
    import mgrs

    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    seen_spans: set[tuple[str, int]] = set()
    for m in _mentions(app, ctx):
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


def timeline(app: App, ctx: Context, limit: int = 30) -> list[TimelineEvent]:
    events: dict[tuple[str, int, int], TimelineEvent] = {}
    for m in _mentions(app, ctx):
        if m["kind"] != "DATE" or not m["value"]:
            continue
        s = _sentence_at(m["passage"], m["char_start"])
        if s is None or s.flagged:
            continue
        key = (m["value"][:16], s.start, s.end)
        if key not in events:
            events[key] = TimelineEvent(date=m["value"][:16], text=s.text, citations=[_citation(s)])
    ordered = sorted(events.values(), key=lambda e: (e.date, e.citations[0].source))
    return ordered[:limit]


def contradictions(app: App, ctx: Context) -> list[Gap]:
    """Same subject and attribute, different values, in different sources. Dates come from
    the stored mentions, resolved against each document's own date."""
    dates_at: dict[tuple[str, int], list[str]] = defaultdict(list)
    for mention in _mentions(app, ctx):
        if mention["kind"] == "DATE" and mention["value"]:
            key = (mention["passage"].document, mention["char_start"])
            dates_at[key].append(mention["value"][:10])
    quantities: dict[str, list[tuple[tuple[int, int], Sentence]]] = defaultdict(list)
    dated: dict[str, list[tuple[str, Sentence]]] = defaultdict(list)
    for p in ctx.passages:
        for s in p.sentences():
            if s.flagged:
                continue
            for m in _QUANTITY.finditer(s.text):
                low = _number(m.group(1))
                high = _number(m.group(2)) if m.group(2) else low
                if 0 < low <= high < 1_000_000:
                    quantities[_unit(m.group(3))].append(((low, high), s))
            event = _EVENTS.search(s.text)
            if event is not None:
                verb = fold(event.group(0))[:5]
                found = sorted(
                    {
                        value
                        for (doc, start), values in dates_at.items()
                        if doc == p.document and s.start <= start < s.end
                        for value in values
                    }
                )
                if found:  # "la nuit du 15 au 16 mars" is one value
                    dated[verb].append((" / ".join(found), s))
    gaps: list[Gap] = []
    for unit, counted in quantities.items():
        values = [(f"{a}" if a == b else f"{a}–{b}", s) for (a, b), s in counted]
        gaps.extend(_disagreements(unit, values, ctx))
    for verb, when in dated.items():
        gaps.extend(_disagreements(f"date ({verb}…)", when, ctx))
    return gaps


def _disagreements(attribute: str, found: list[tuple[str, Sentence]], ctx: Context) -> list[Gap]:
    """Values that differ across sources whose sentences share a subject word."""
    out = []
    subject_words = {w for w in tokens(ctx.question) if len(w) > 3 and not _EVENTS.search(w)}
    by_value: dict[str, list[Sentence]] = defaultdict(list)
    for value, s in found:
        by_value[value].append(s)
    if len(by_value) < 2:
        return []
    sources = {s.passage.source for sents in by_value.values() for s in sents}
    if len(sources) < 2:
        return []
    shared = [
        v
        for v, sents in by_value.items()
        if any(subject_words & set(tokens(s.text)) for s in sents)
    ]
    if len(shared) < 2:
        return []
    picks = [by_value[v][0] for v in shared[:4]]
    values = ", ".join(f"{v} [{by_value[v][0].passage.source}]" for v in shared[:4])
    out.append(
        Gap(
            kind="contradiction",
            text=f"Les sources divergent sur « {attribute} » : {values}.",
            citations=[_citation(s) for s in picks],
        )
    )
    return out


def gaps(ctx: Context, claims_sources: dict[str, int]) -> list[Gap]:
    out: list[Gap] = []
    covered = set()
    for p in ctx.passages:
        covered |= set(tokens(p.text))
    missing = [w for w in tokens(ctx.question) if len(w) > 3 and w not in covered]
    if missing:
        out.append(
            Gap(
                kind="absence",
                text="Aucune source ne mentionne : " + ", ".join(sorted(set(missing))) + ".",
            )
        )
    single = [s for s, n in claims_sources.items() if n == 1]
    if claims_sources and len(claims_sources) == 1:
        out.append(
            Gap(
                kind="single_source",
                text=f"Tous les faits reposent sur une seule "
                f"source ({next(iter(claims_sources))}) : aucune confirmation.",
            )
        )
    elif single and len(single) == len(claims_sources):
        out.append(
            Gap(
                kind="single_source",
                text="Chaque fait ne repose que sur une source ; aucun n'est recoupé.",
            )
        )
    if not any(s.grade[0] in "AB" for s in ctx.sources):
        out.append(
            Gap(
                kind="single_source",
                text="Aucune source n'est cotée A ou B : fiabilité non établie.",
            )
        )
    if ctx.cut:
        out.append(
            Gap(
                kind="context_cut",
                text=f"{ctx.cut} passage(s) pertinent(s) écarté(s) "
                "faute de place dans la fenêtre du modèle.",
            )
        )
    return out
