"""Work the service does in the background, driven from the command line: upload files
for ingest, follow a job's progress, return its result as the local command would."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from egide.client.http import ServiceClient
from egide.ingest.files import discover
from egide.ingest.progress import Progress

BATCH_BYTES = 16 * 1024 * 1024


def follow(client: ServiceClient, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Poll ``job`` until it ends, moving ``progress``; the finished job."""
    stage, shown = "", 0
    try:
        while True:
            if job["stage"] and job["stage"] != stage:
                progress.stop()
                stage, shown = job["stage"], 0
                progress.start(stage, job["total"])
            if job["done"] > shown:
                progress.advance(job["done"] - shown)
                shown = job["done"]
            if job["status"] in {"done", "failed"}:
                return job
            time.sleep(0.25)
            job = client.get(f"/jobs/{job['id']}")
    finally:
        progress.stop()


def raise_failure(job: dict[str, Any]) -> None:
    """A failed job's error, raised as the service reported it."""
    if job["status"] == "failed":
        from egide.client.http import RemoteError

        error = (job.get("result") or {}).get("error") or {}
        raise RemoteError(
            {"code": error.get("code", "E-JOB"), "title": error.get("message", ""),
             "detail": error.get("hint", ""), "exit": 1},
            500,
        )


def _batches(files: list[Path]) -> list[list[Path]]:
    batches: list[list[Path]] = [[]]
    size = 0
    for path in files:
        weight = path.stat().st_size
        if batches[-1] and size + weight > BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(path)
        size += weight
    return [b for b in batches if b]


def ingest(
    client: ServiceClient,
    paths: list[Path],
    label: str,
    grade: str | None,
    source: str | None,
    progress: Progress,
    wait: bool = True,
    follow_symlinks: bool = False,
) -> dict[str, Any]:
    """Upload the files under ``paths`` (in batches) and, with ``wait``, follow each job.
    The report has the local command's shape; failures name the local files."""
    files, refused = discover(paths, follow_symlinks)
    report: dict[str, Any] = {
        "ingested": 0,
        "duplicates": 0,
        "failed": [
            {"path": str(path), "code": error.code, "message": error.render(client.lang)}
            for path, error in refused
        ],
        "ocr_doubtful": [],
        "vectors": 0,
        "jobs": [],
    }
    form = {k: v for k, v in (("label", label), ("grade", grade), ("source", source)) if v}
    for batch in _batches(files):
        with contextlib.ExitStack() as stack:
            upload = [
                ("files", (str(path), stack.enter_context(path.open("rb"))))
                for path in batch
            ]
            job = client.post("/ingest", files=upload, data=form)
        report["jobs"].append(job["id"])
        if not wait:
            continue
        done = follow(client, job, progress)
        result = done.get("result") or {}
        if done["status"] == "failed":
            error = result.get("error", {})
            for path in batch:
                report["failed"].append(
                    {"path": str(path), "code": error.get("code", "E-JOB"),
                     "message": error.get("message", "")}
                )
            continue
        for key in ("ingested", "duplicates", "vectors"):
            report[key] += int(result.get(key, 0))
        report["failed"].extend(result.get("failed", []))
        report["ocr_doubtful"].extend(result.get("ocr_doubtful", []))
    return report
