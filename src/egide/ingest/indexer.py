"""Vectors, filled apart from ingest. One indexer at a time per store, under a lock file
(the system releases it when its process dies): a foreground ``egide index`` or ``egide
ingest`` waits for a background indexer while showing its progress, then completes what is
left. Every batch is committed, so an interrupted indexer loses nothing and a re-run
resumes where it stopped."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from egide.embed.base import passage_text
from egide.ingest.progress import Progress
from egide.security.access import readable
from egide.security.principals import Authority
from egide.store import vectors
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App

LOCK = "indexer.lock"
LOG = "indexer.log"
POLL_S = 0.5


def missing(app: App, authority: Authority) -> int:
    """Chunks ``authority`` may read that have no vector in the embedder's space."""
    embedder = app.embedder
    if embedder is None:
        return 0
    return vectors.count_missing(app.db, embedder.space, readable(authority, all_labels(app.db)))


def fill_vectors(
    app: App, authority: Authority, progress: Progress | None = None, limit: int | None = None
) -> int:
    """Embed the chunks ``authority`` may read that have no vector from the current
    embedder (so that even the count reflects only readable content). Each batch is
    committed, so an interrupted run resumes where it stopped. Call it under the lock."""
    embedder = app.embedder
    if embedder is None:
        return 0
    progress = progress or Progress()
    conn = app.db
    batch = app.settings.embed.batch_size
    allowed = readable(authority, all_labels(conn))
    total = vectors.count_missing(conn, embedder.space, allowed)
    if limit is not None:
        total = min(total, limit)
    done = 0
    if not total:
        return 0
    progress.start("vectors", total)
    try:
        while done < total:
            rows = vectors.missing(conn, embedder.space, min(batch, total - done), allowed)
            if not rows:
                break
            vecs = embedder.passages([passage_text(r["title"], r["text"]) for r in rows])
            vectors.put(
                conn, [(int(r["id"]), int(r["label_id"])) for r in rows], vecs, embedder.space
            )
            done += len(rows)
            progress.advance(len(rows))
    finally:
        progress.stop()
    return done


@contextmanager
def _lock(home: Path) -> Iterator[bool]:
    """Try to become the store's indexer; yields whether it did."""
    fd = os.open(home / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True
    finally:
        os.close(fd)


def running(home: Path) -> bool:
    """Whether an indexer is at work on this store now."""
    with _lock(home) as acquired:
        return not acquired


def fill(app: App, authority: Authority, progress: Progress | None = None) -> int:
    """Complete every missing vector ``authority`` may read, now: wait for a running
    indexer (showing its progress), then fill what is left. Returns vectors computed here."""
    if app.embedder is None:
        return 0
    progress = progress or Progress()
    while True:
        with _lock(app.home) as acquired:
            if acquired:
                return fill_vectors(app, authority, progress)
        _follow(app, authority, progress)


def _follow(app: App, authority: Authority, progress: Progress) -> None:
    """Show another indexer's progress until it stops."""
    start = missing(app, authority)
    progress.start("vectors", start)
    try:
        shown = 0
        while running(app.home):
            time.sleep(POLL_S)
            done = max(0, start - missing(app, authority))
            if done > shown:
                progress.advance(done - shown)
                shown = done
    finally:
        progress.stop()


def work(app: App, authority: Authority) -> int:
    """The background indexer's loop: fill while something is missing. Having released the
    lock it looks once more, so chunks stored while it finished are not left behind."""
    total = 0
    while True:
        with _lock(app.home) as acquired:
            if not acquired:
                return total  # another indexer is at work and will see the new chunks
            total += fill_vectors(app, authority)
        if missing(app, authority) == 0:
            return total


def spawn(app: App, cli_args: list[str]) -> int:
    """Start a background indexer as this process's user (detached; output in the store's
    log). ``cli_args`` are the global options to pass on (``--config``). Returns its pid."""
    log = open(app.home / LOG, "ab")  # noqa: SIM115 - handed to the child process
    env = {**os.environ, "EGIDE_HOME": str(app.home.absolute())}
    if app.settings.user:
        env["EGIDE_USER"] = app.settings.user
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "egide", *cli_args, "index", "--worker"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            start_new_session=True,
        )
    finally:
        log.close()
    return child.pid
