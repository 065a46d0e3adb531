"""A document in full, and its correction by a security officer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from egide.document import correct, view
from egide.service.deps import Acting, Ident

router = APIRouter(tags=["documents"])


class Reason(BaseModel):
    reason: str = Field(..., min_length=1, max_length=4000)


class Reclassification(Reason):
    label: str = Field(..., min_length=1, max_length=200)


@router.get("/documents/{uid}")
def show(app: Acting, uid: Ident) -> Any:
    return view.show(app, app.require_user(), uid)


@router.post("/documents/{uid}/reclassify")
def reclassify(body: Reclassification, app: Acting, uid: Ident) -> Any:
    return correct.reclassify(app, app.require_user(), uid, body.label, body.reason)


@router.post("/documents/{uid}/retract")
def retract(body: Reason, app: Acting, uid: Ident) -> Any:
    return correct.retract(app, app.require_user(), uid, body.reason)
