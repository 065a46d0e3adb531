"""Briefs and the product lifecycle."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from egide.ops import products as ops
from egide.products import brief as briefs
from egide.products import lifecycle
from egide.service.deps import Acting, Ident, Lang

router = APIRouter(tags=["products"])


class BriefRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=2000)
    limit: int | None = Field(None, ge=1, le=100)
    engine: Literal["auto", "extractive", "llm"] = "auto"
    question_label: str | None = Field(None, max_length=200)
    recipients: list[str] | None = Field(None, max_length=50)
    references: list[str] | None = Field(None, max_length=50)


class Decision(BaseModel):
    reason: str = Field(..., min_length=1, max_length=4000)


@router.post("/briefs")
def create_brief(body: BriefRequest, app: Acting) -> Any:
    return briefs.create(
        app,
        body.question,
        body.limit,
        body.engine,
        question_label=body.question_label,
        recipients=body.recipients,
        references=body.references,
    ).to_json()


@router.get("/products")
def list_products(app: Acting) -> Any:
    return {"products": lifecycle.listing(app)}


@router.get("/products/{uid}")
def show_product(app: Acting, uid: Ident) -> Any:
    return ops.get(app, uid).to_json()


@router.post("/products/{uid}/validate")
def validate(body: Decision, app: Acting, uid: Ident) -> Any:
    return ops.decide(app, uid, "validated", body.reason)


@router.post("/products/{uid}/reject")
def reject(body: Decision, app: Acting, uid: Ident) -> Any:
    return ops.decide(app, uid, "rejected", body.reason)


@router.get("/products/{uid}/export")
def export(
    app: Acting, lang: Lang, uid: Ident, format: Literal["md", "json", "pdf", "stix"] = "md"
) -> Response:
    data = ops.export(app, uid, [format], lang)[format]
    extension = {"md": "md", "json": "json", "pdf": "pdf", "stix": "stix.json"}[format]
    return Response(
        data,
        media_type=ops.MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{uid}.{extension}"'},
    )
