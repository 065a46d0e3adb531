"""Search and counts, as every door returns them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egide.retrieve.filters import SearchFilters, make_filters

if TYPE_CHECKING:
    from egide.app import App


@dataclass(frozen=True)
class FilterInput:
    """Search filters as a person types them (command line, query string, form)."""

    label: str | None = None
    grade: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    lang: str | None = None
    prefer_graded: bool = False

    def given(self) -> dict[str, Any]:
        """The filters set, as query parameters."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, False, "")}

    def parse(self, app: App) -> SearchFilters | None:
        if not self.given():
            return None
        return make_filters(
            app.parse_marking(self.label) if self.label else None,
            self.grade,
            self.since,
            self.until,
            self.source,
            self.lang,
            self.prefer_graded,
        )


def search(
    app: App,
    query: str,
    limit: int | None = None,
    filters: FilterInput | None = None,
    per_document: bool = True,
) -> dict[str, Any]:
    """The search's results (best passage per document unless ``per_document`` is off),
    with the filters applied echoed back."""
    parsed = (filters or FilterInput()).parse(app)
    outcome = app.search(query, limit, parsed, per_document)
    payload: dict[str, Any] = {
        "results": [h.to_dict() for h in outcome.hits],
        "mode": outcome.mode,
    }
    if outcome.expansions:
        payload["expansions"] = outcome.expansions
    if outcome.vectors_missing:
        payload["vectors_missing"] = outcome.vectors_missing
    if parsed is not None:
        payload["filters"] = parsed.to_dict()
    payload["per_document"] = per_document
    return payload


def stats(app: App) -> dict[str, Any]:
    counts = app.stats()
    return {"documents": counts.documents, "chunks": counts.chunks, "by_label": counts.by_label}
