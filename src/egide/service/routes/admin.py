"""Users, tokens, the audit log, the store's health and the model's kill switch."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from egide.ops import admin, audit, users
from egide.security import auditlog
from egide.service.deps import Acting, Ident, Lang, State

router = APIRouter()


class NewUser(BaseModel):
    name: str = Field(..., max_length=64)
    clearance: str = Field(..., max_length=8)
    nationality: str = Field(..., max_length=8)
    compartments: list[str] = Field(default_factory=list, max_length=32)
    roles: list[str] | None = Field(None, max_length=8)
    login: str | None = Field(None, max_length=128)


class Password(BaseModel):
    password: str = Field(..., min_length=1, max_length=1024)


class NewToken(BaseModel):
    scopes: list[str] = Field(default_factory=lambda: ["read"], max_length=4)
    days: float = Field(30.0, gt=0, le=366)


class Verify(BaseModel):
    checkpoints: list[dict[str, Any]] = Field(default_factory=list, max_length=100)


class Switch(BaseModel):
    reason: str = Field("", max_length=2000)


@router.get("/users", tags=["users"])
def list_users(app: Acting) -> Any:
    return {"users": users.listing(app)}


@router.post("/users", tags=["users"])
def add_user(body: NewUser, app: Acting) -> Any:
    return users.add(
        app, body.name, body.clearance, body.nationality, body.compartments, body.roles,
        body.login,
    )


@router.post("/users/{name}/password", tags=["users"])
def set_password(body: Password, app: Acting, name: Ident) -> Any:
    return users.set_password(app, name, body.password)


@router.get("/tokens", tags=["tokens"])
def list_tokens(app: Acting) -> Any:
    return {"tokens": users.tokens(app)}


@router.post("/tokens", tags=["tokens"])
def create_token(body: NewToken, app: Acting) -> Any:
    return users.create_token(app, body.scopes, body.days)


@router.delete("/tokens/{ident}", tags=["tokens"])
def revoke_token(app: Acting, ident: Ident) -> Any:
    return users.revoke_token(app, ident)


@router.post("/audit/verify", tags=["audit"])
def verify(body: Verify, app: Acting, lang: Lang) -> Any:
    external = [auditlog.parse_checkpoint(_json(cp)) for cp in body.checkpoints]
    return audit.verify(app, external, lang)


@router.post("/audit/checkpoint", tags=["audit"])
def checkpoint(app: Acting) -> Any:
    return audit.checkpoint(app)


@router.get("/audit/proof/{seq}", tags=["audit"])
def proof(app: Acting, seq: int, size: Annotated[int | None, Query(ge=1)] = None) -> Any:
    return audit.proof(app, seq, size)


@router.get("/audit/consistency/{old}", tags=["audit"])
def consistency(app: Acting, old: int, size: Annotated[int | None, Query(ge=1)] = None) -> Any:
    return audit.consistency(app, old, size)


@router.get("/audit/records", tags=["audit"])
def records(
    app: Acting,
    since: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> Any:
    return {"records": audit.records(app, since, limit)}


@router.get("/doctor", tags=["admin"])
def doctor(app: Acting, state: State, lang: Lang) -> Any:
    return admin.doctor(app, state.health(), lang)


@router.get("/llm", tags=["admin"])
def llm_status(app: Acting) -> Any:
    return admin.llm_status(app)


@router.post("/llm/off", tags=["admin"])
def llm_off(body: Switch, app: Acting) -> Any:
    return admin.llm_switch(app, True, body.reason)


@router.post("/llm/on", tags=["admin"])
def llm_on(body: Switch, app: Acting) -> Any:
    return admin.llm_switch(app, False, body.reason)


def _json(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value)
