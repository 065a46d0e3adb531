"""Briefs: the list, the composer (a question, recipients, references → a draft), one brief
as a page, and its PDF export — through the same functions as the API."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from egide.errors import EgideError
from egide.i18n import t
from egide.ops import products as ops
from egide.products import brief as briefs
from egide.products import lifecycle
from egide.service.deps import Ident
from egide.web.render import described, page
from egide.web.session import Look, Post, Viewer

router = APIRouter()
Engine = Literal["auto", "extractive", "llm"]


@router.get("/products")
def products_page(request: Request, viewer: Look) -> Response:
    return _listing(request, viewer, None, "")


def _listing(request: Request, viewer: Viewer, error: str | None, question: str) -> Response:
    return page(
        request,
        "products.html",
        {"products": lifecycle.listing(viewer.app), "error": error, "question": question},
        title=t("Fiches de synthèse", viewer.lang),
        viewer=viewer,
        status=422 if error else 200,
    )


@router.post("/products")
def compose(
    request: Request,
    viewer: Post,
    question: Annotated[str, Form(min_length=1, max_length=2000)],
    recipients: Annotated[str, Form(max_length=4000)] = "",
    references: Annotated[str, Form(max_length=4000)] = "",
    engine: Annotated[Engine, Form()] = "auto",
) -> Response:
    """Draft a brief (``PROJET — NON VALIDÉ`` until a validator acts)."""
    try:
        made = briefs.create(
            viewer.app,
            question,
            None,
            engine,
            recipients=_lines(recipients),
            references=_lines(references),
        )
    except EgideError as exc:
        return _listing(request, viewer, described(exc, viewer.lang), question)
    return RedirectResponse(f"/products/{made.id}", status_code=303)


@router.get("/products/{uid}")
def product_page(request: Request, viewer: Look, uid: Ident) -> Response:
    brief = ops.get(viewer.app, uid)
    return page(
        request,
        "product.html",
        {"brief": brief.to_json()},
        title=brief.id,
        viewer=viewer,
    )


@router.get("/products/{uid}/export")
def export(
    viewer: Look, uid: Ident, format: Annotated[Literal["pdf", "md"], Query()] = "pdf"
) -> Response:
    data = ops.export(viewer.app, uid, [format], viewer.lang)[format]
    return Response(
        data,
        media_type=ops.MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{uid}.{format}"'},
    )


def _lines(text: str) -> list[str] | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or None
