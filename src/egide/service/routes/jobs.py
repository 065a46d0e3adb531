"""Ingest by upload and indexing, as background jobs; their progress."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from egide.app import App
from egide.errors import AccessDeniedError
from egide.errors import Bilingual as B
from egide.ingest import indexer
from egide.ingest.progress import Progress
from egide.ingest.runner import ingest as run_ingest
from egide.security.access import may_read
from egide.security.grades import parse_grade
from egide.security.labels import PUBLIC, parse_label
from egide.service.deps import Acting, Ident, Lang, State
from egide.service.errors import BadRequestError

router = APIRouter(tags=["jobs"])
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
MAX_FILES = 1000


def _safe_name(name: str, taken: set[str]) -> str:
    """A file name with no folder part and no special characters, unique in the batch."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .") or "fichier"
    base = base[:120]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{n}-{base}"
    taken.add(candidate)
    return candidate


@router.post("/ingest", status_code=202)
def ingest(
    app: Acting,
    state: State,
    lang: Lang,
    files: Annotated[list[UploadFile], File()],
    label: Annotated[str, Form(max_length=200)],
    grade: Annotated[str | None, Form(max_length=4)] = None,
    source: Annotated[str | None, Form(max_length=200)] = None,
) -> Any:
    """Upload files and ingest them in the background under ``label``. The answer names
    the job; its progress is at ``/jobs/{id}`` (and ``/jobs/{id}/events``)."""
    user = app.require_user()
    batch_label = parse_label(label)
    parse_grade(grade)
    if not files or len(files) > MAX_FILES:
        raise BadRequestError(f"files: 1–{MAX_FILES}")
    if not may_read(app.authority(user), batch_label):
        app.record(
            user.name, "access.denied", {"reason": "ingest above authority"}, batch_label,
            decision="deny",
        )
        raise AccessDeniedError(
            B(
                f"votre habilitation ne couvre pas « {batch_label.canonical()} »",
                f"your clearance does not cover '{batch_label.canonical()}'",
            )
        )
    folder = app.home / "uploads" / secrets.token_hex(8)
    folder.mkdir(parents=True, mode=0o700)
    taken: set[str] = set()
    names: dict[Path, str] = {}
    for upload in files:
        target = folder / _safe_name(upload.filename or "", taken)
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        # Recorded and reported under the name the client gave, never a path of the service.
        names[target] = (upload.filename or target.name)[-300:]

    def work(job_app: App, progress: Progress) -> dict[str, Any]:
        try:
            report = run_ingest(
                job_app, [folder], label, grade, source, progress, embed=True, names=names
            )
            return {**report.to_dict(lang), "vectors": report.vectors}
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    job = state.jobs.submit(app, "ingest", batch_label, work)
    return job.to_dict()


@router.post("/index", status_code=202)
def index(app: Acting, state: State) -> Any:
    """Compute the missing vectors (within the requester's authority) in the background."""
    user = app.require_user()

    def work(job_app: App, progress: Progress) -> dict[str, Any]:
        authority = job_app.authority(user)
        done = indexer.fill(job_app, authority, progress)
        return {"vectors": done, "missing": indexer.missing(job_app, authority)}

    return state.jobs.submit(app, "index", PUBLIC, work).to_dict()


@router.get("/jobs")
def list_jobs(app: Acting, state: State) -> Any:
    return {"jobs": state.jobs.listing(app)}


@router.get("/jobs/{ident}")
def get_job(app: Acting, state: State, ident: Ident) -> Any:
    return state.jobs.get(app, ident).to_dict()


@router.get("/jobs/{ident}/events")
async def job_events(request: Request, state: State, ident: Ident) -> StreamingResponse:
    """The job's progress as server-sent events, until it ends."""
    from egide.service.deps import acting

    app = await run_in_threadpool(acting, request)
    job = await run_in_threadpool(state.jobs.get, app, ident)

    async def events() -> AsyncIterator[bytes]:
        last = None
        while True:
            data = json.dumps(job.to_dict(), ensure_ascii=False)
            if data != last:
                yield f"event: progress\ndata: {data}\n\n".encode()
                last = data
            if job.status in {"done", "failed"} or state.alerts.stopping:
                break
            job.changed.clear()
            await asyncio.to_thread(job.changed.wait, 1.0)

    return StreamingResponse(events(), media_type="text/event-stream")
