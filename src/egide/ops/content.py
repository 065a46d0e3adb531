"""Search and counts, as every door returns them."""

from __future__ import annotations

from typing import Any

from egide.app import App


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
