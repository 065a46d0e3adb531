"""The search page: a question, filters (applied inside the ranking, like access control),
results grouped by document with the best-matching sentence and its terms highlighted —
``ops.content.search``, as the API and the command line call it."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from egide.app import App
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
    grade: Annotated[str | None, Query(max_length=4)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    source: Text = None,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    prefer_graded: bool = False,
    all_passages: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    filters = content.FilterInput(
        label=_given(label),
        grade=_given(grade),
        since=_given(since),
        until=_given(until),
        source=_given(source),
        lang=_given(lang),
        prefer_graded=prefer_graded,
    )
    context: dict[str, Any] = {
        "q": q or "",
        "filters": {k: v or "" for k, v in filters.__dict__.items()},
        "all_passages": all_passages,
        "more": _with_all_passages(request),
        "labels": _markings(viewer.app),
        "result": None,
        "error": None,
    }
    status = 200
    if q and q.strip():
        try:
            context["result"] = content.search(
                viewer.app, q, limit, filters, per_document=not all_passages
            )
        except EgideError as exc:
            context["error"] = described(exc, viewer.lang)
            status = exc.http_status
    return page(
        request,
        "search.html",
        context,
        title=t("Recherche", viewer.lang),
        viewer=viewer,
        status=status,
    )


def _with_all_passages(request: Request) -> str:
    """This search, every passage shown."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "all_passages"]
    return "/search?" + urlencode([*params, ("all_passages", "true")])


def _given(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _markings(app: App) -> list[str]:
    """The markings the viewer may choose as a ceiling: those they may read."""
    user = app.require_user()
    labels = all_labels(app.db)
    allowed = set(readable(app.authority(user), labels))
    mine = sorted(
        {label for ident, label in labels if ident in allowed},
        key=lambda label: (label.level, label.canonical()),
    )
    return [label.canonical() for label in mine]
