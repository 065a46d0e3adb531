"""Search and counts, as every door returns them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from egide.app import App
from egide.ingest.chunking import Span, sentences
from egide.retrieve import analyzer
from egide.security.labels import parse_label
from egide.service.errors import BadRequestError

_WORD = re.compile(r"\w+")
_GRADE = re.compile(r"^[A-F][1-6]?$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def search(app: App, query: str, limit: int | None = None) -> dict[str, Any]:
    outcome = app.search(query, limit)
    payload: dict[str, Any] = {
        "results": [h.to_dict() for h in outcome.hits],
        "mode": outcome.mode,
    }
    if outcome.expansions:
        payload["expansions"] = outcome.expansions
    if outcome.vectors_missing:
        payload["vectors_missing"] = outcome.vectors_missing
    return payload


def stats(app: App) -> dict[str, Any]:
    counts = app.stats()
    return {"documents": counts.documents, "chunks": counts.chunks, "by_label": counts.by_label}


#: What a search may be narrowed to, from a form or a query string (all optional).
FILTER_FIELDS = ("label", "grade", "since", "until", "source", "lang")


def search_documents(
    app: App, query: str, filters: Mapping[str, str | None] | None = None, limit: int = 20
) -> dict[str, Any]:
    """A search for reading: results grouped by document (best document first), each
    passage with its best-matching sentence and the matched words located in it.

    ``filters`` (``FILTER_FIELDS``): ``label`` — at most this marking; ``grade`` — at least
    this grade (``B`` or ``B2``); ``since``/``until`` — document date bounds (``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD``); ``source`` — part of the source's name; ``lang``. The
    search itself does not take filters yet: they narrow a deeper candidate list, so a
    filter can only remove what access control already let through."""
    wanted = _filters(filters or {})
    depth = limit if not wanted else max(limit * 5, app.settings.search.candidates)
    outcome = app.search(query, depth)
    hits = outcome.hits
    if wanted:
        meta = _doc_meta(app, {h.row["uid"] for h in hits})
        hits = [h for h in hits if _keep(h.row, meta[h.row["uid"]], wanted)]
    terms = set(analyzer.query_terms(query))
    groups: dict[str, dict[str, Any]] = {}
    for hit in hits:
        if hit.row["uid"] not in groups and len(groups) >= limit:
            continue
        doc = groups.setdefault(
            hit.row["uid"],
            {
                "id": hit.row["uid"],
                "title": hit.row["title"],
                "path": hit.row["path"],
                "label": hit.row["doc_label"],
                "grade": hit.row["grade"],
                "rank": hit.rank,
                "passages": [],
            },
        )
        doc["passages"].append(
            {
                "rank": hit.rank,
                "chunk": hit.chunk_id,
                "label": hit.row["chunk_label"],
                **best_sentence(hit.row["text"], terms),
            }
        )
    return {
        "query": query,
        "filters": wanted,
        "mode": outcome.mode,
        "documents": list(groups.values()),
        "vectors_missing": outcome.vectors_missing,
    }


def best_sentence(text: str, terms: set[str]) -> dict[str, Any]:
    """The sentence of ``text`` holding the most query terms, and the spans of the words
    that match (offsets in that sentence)."""
    best: tuple[int, str, list[tuple[int, int]]] = (-1, "", [])
    for span in sentences(text) or [Span(0, len(text))]:
        sentence = text[span.start : span.end]
        found = [
            (m.start(), m.end())
            for m in _WORD.finditer(sentence)
            if set(analyzer.query_terms(m.group(0))) & terms
        ]
        if len(found) > best[0]:
            best = (len(found), sentence, found)
    return {"sentence": best[1], "highlights": best[2]}


def _filters(raw: Mapping[str, str | None]) -> dict[str, str]:
    out = {}
    for name in FILTER_FIELDS:
        value = (raw.get(name) or "").strip()
        if not value:
            continue
        if name == "grade" and not _GRADE.match(value.upper()):
            raise BadRequestError(f"grade {value!r} (A–F, 1–6)")
        if name in {"since", "until"} and not _DATE.match(value):
            raise BadRequestError(f"{name} {value!r} (YYYY, YYYY-MM, YYYY-MM-DD)")
        out[name] = value.upper() if name == "grade" else value
    if "label" in out:
        out["label"] = parse_label(out["label"]).canonical()
    return out


def _doc_meta(app: App, uids: set[str]) -> dict[str, dict[str, Any]]:
    if not uids:
        return {}
    marks = ",".join("?" * len(uids))
    rows = app.db.execute(
        f"SELECT uid, source, language, doc_date FROM documents WHERE uid IN ({marks})",
        sorted(uids),
    )
    return {r["uid"]: dict(r) for r in rows}


def _keep(row: Mapping[str, Any], doc: Mapping[str, Any], wanted: Mapping[str, str]) -> bool:
    if "label" in wanted and not parse_label(wanted["label"]).dominates(
        parse_label(row["chunk_label"])
    ):
        return False
    grade = wanted.get("grade")
    if grade and (row["grade"][0] > grade[0] or (len(grade) > 1 and row["grade"][1] > grade[1])):
        return False
    date = doc["doc_date"] or ""
    since, until = wanted.get("since"), wanted.get("until")
    if since and not (date and date[: len(since)] >= since):
        return False
    if until and not (date and date[: len(until)] <= until):
        return False
    if "source" in wanted and wanted["source"].lower() not in (doc["source"] or "").lower():
        return False
    return not ("lang" in wanted and doc["language"] != wanted["lang"].lower())
