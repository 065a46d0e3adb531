"""The search page: a question, filters, results grouped by document with the matching
sentence highlighted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from egide.errors import EgideError
from egide.i18n import t
from egide.ops import content
from egide.security.access import readable
from egide.store.labels import all_labels
from egide.web.render import described, page
from egide.web.session import Look

router = APIRouter()
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/search")
def search_page(
    request: Request,
    viewer: Look,
    q: Annotated[str | None, Query(max_length=2000)] = None,
    label: Text = None,
    grade: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
    lang: Text = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    filters = {"label": label, "grade": grade, "since": since, "until": until,
               "source": source, "lang": lang}
    context: dict[str, Any] = {
        "q": q or "",
        "filters": {k: v or "" for k, v in filters.items()},
        "labels": _markings(viewer.app),
        "result": None,
        "error": None,
    }
    if q and q.strip():
        try:
            context["result"] = content.search_documents(viewer.app, q, filters, limit)
        except EgideError as exc:
            context["error"] = described(exc, viewer.lang)
    return page(request, "search.html", context, title=t("web.search.title", viewer.lang),
                viewer=viewer)


def _markings(app: Any) -> list[str]:
    """The markings the viewer may choose as a ceiling: those they may read."""
    user = app.require_user()
    allowed = set(readable(app.authority(user), all_labels(app.db)))
    return [label.canonical() for ident, label in all_labels(app.db) if ident in allowed]
