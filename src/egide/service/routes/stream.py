"""Message streams triaged by the service, and learned triage models."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import BaseModel, Field

from egide.app import App
from egide.ingest.progress import Progress
from egide.ops import triage
from egide.security.labels import parse_label
from egide.service.deps import Acting, Ident, State
from egide.service.watch import WatchConfig

router = APIRouter(tags=["stream"])


class Message(BaseModel):
    data: str = Field(..., max_length=2_000_000, description="the raw line, base64")
    where: str = Field("", max_length=200)


class Batch(BaseModel):
    source: str | None = Field(None, max_length=2000)
    position: dict[str, Any] | None = None
    records: list[Message] = Field(default_factory=list, max_length=10_000)
    rules: str | None = Field(None, max_length=1_000_000)
    requirements: str | None = Field(None, max_length=1_000_000)
    model: str | None = Field(None, max_length=64)
    emit: Literal["alerts", "all"] = "alerts"
    label: str | None = Field(None, max_length=200)
    summary_every_s: float | None = Field(None, gt=0)
    final: bool = False


@router.get("/watch/{name}/checkpoint")
def checkpoint(
    app: Acting, state: State, name: Ident, source: Annotated[str, Query(max_length=2000)]
) -> Any:
    """Where this watcher stands in ``source`` (``null``: from the start)."""
    return {"position": state.watchers.checkpoint(app, name, source)}


@router.post("/watch/{name}/batch")
def batch(body: Batch, app: Acting, state: State, name: Ident) -> Any:
    """Triage a batch of messages for watcher ``name`` of the requester."""
    config = WatchConfig(
        body.rules, body.requirements, body.model, body.emit, body.label, body.summary_every_s
    )
    result = state.watchers.batch(
        app,
        name,
        body.source,
        [r.model_dump() for r in body.records],
        body.position,
        config,
        body.final,
    )
    state.alerts.wake()
    return result


@router.get("/triage/models")
def list_models(app: Acting) -> Any:
    return {"models": triage.listing(app)}


@router.post("/triage/models", status_code=202)
def train(
    app: Acting,
    state: State,
    examples: Annotated[UploadFile, File()],
    text_field: Annotated[str, Form(max_length=200)],
    label_field: Annotated[str, Form(max_length=200)],
    name: Annotated[str, Form(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")],
    label: Annotated[str, Form(max_length=200)] = "NP",
    folds: Annotated[int, Form(ge=2, le=20)] = 5,
) -> Any:
    """Train a triage model on uploaded examples (.csv, .tsv, .jsonl), in the background."""
    marking = parse_label(label)
    folder = Path(tempfile.mkdtemp(prefix="triage-", dir=app.home))
    suffix = Path(examples.filename or "x.csv").suffix.lower()
    target = folder / f"exemples{suffix if suffix in {'.csv', '.tsv', '.jsonl'} else '.csv'}"
    with target.open("wb") as out:
        shutil.copyfileobj(examples.file, out, 1 << 20)

    def work(job_app: App, progress: Progress) -> dict[str, Any]:
        try:
            return triage.train(
                job_app, target, text_field, label_field, name, label, folds, progress
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return state.jobs.submit(app, "triage", marking, work).to_dict()
