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
) -> Any:
    return content.search(app, q, limit)


@router.get("/stats")
def stats(app: Acting) -> Any:
    return content.stats(app)
