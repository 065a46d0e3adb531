"""Search and counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from egide.ops import content
from egide.service.deps import Acting

router = APIRouter(tags=["search"])


@router.get("/search")
def search(
    app: Acting,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
    label: Annotated[str | None, Query(max_length=200)] = None,
    grade: Annotated[str | None, Query(max_length=4)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    prefer_graded: bool = False,
    all_passages: bool = False,
) -> Any:
    """Hybrid search within the caller's authority; filters apply inside the ranking."""
    filters = content.FilterInput(label, grade, since, until, source, lang, prefer_graded)
    return content.search(app, q, limit, filters, per_document=not all_passages)


@router.get("/stats")
def stats(app: Acting) -> Any:
    return content.stats(app)
