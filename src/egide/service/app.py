"""The ASGI application of ``egide serve``: routes under ``/api/v1``, authentication on
every content route, limits and security headers on every request, errors as problem
details. Thin over one root ``App`` that alone owns the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

import egide
from egide.app import App
from egide.service import problems
from egide.service.alerts import AlertHub
from egide.service.auth import Authenticator
from egide.service.deps import ServiceState
from egide.service.heads import HeadSigner
from egide.service.jobs import Jobs
from egide.service.middleware import Limits, SecurityHeaders
from egide.service.routes import (
    admin,
    alerts,
    content,
    decisions,
    documents,
    jobs,
    products,
    session,
    stream,
)
from egide.web import pages

API = "/api/v1"


def warm(root: App) -> None:
    """Load what every request needs once, before the first request: the lexicon, the
    NER pipeline, the embedder (its model verified) and the vector index."""
    _ = root.lexicon, root.enricher
    embedder = root.embedder
    if embedder is not None:
        root.searcher._dense_index(embedder.space, _stamp(root))


def _stamp(root: App) -> tuple[int, int]:
    from egide.store.vectors import signature

    return signature(root.db)


def create_app(root: App, warm_up: bool = True) -> FastAPI:
    settings = root.settings
    state = ServiceState(
        root,
        Authenticator(root, settings.service),
        Jobs(root),
        AlertHub(root),
        heads=HeadSigner(root) if settings.audit.witness is not None else None,
    )

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.service.threads
        if warm_up:
            await run_in_threadpool(warm, root)
        await run_in_threadpool(state.jobs.recover)
        await run_in_threadpool(state.alerts.start)
        if state.heads is not None:
            await run_in_threadpool(state.heads.start)
        try:
            yield
        finally:
            state.alerts.stop()
            await run_in_threadpool(state.jobs.shutdown)
            if state.heads is not None:
                await run_in_threadpool(state.heads.stop)

    api = FastAPI(
        title="Égide",
        version=egide.__version__,
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    api.state.egide = state
    for module in (session, content, documents, products, decisions, jobs, alerts, stream, admin):
        api.include_router(module.router, prefix=API)

    @api.get(f"{API}/health", tags=["session"])
    def health() -> Any:
        """Liveness, without authentication: says nothing of the store's content."""
        return {"status": "ok", "version": egide.__version__}

    problems.install(api, settings.lang)
    pages.mount(api, settings.lang)
    api.add_middleware(
        Limits,
        max_bytes=int(settings.service.max_upload_mb * 1024 * 1024),
        timeout_s=settings.service.body_timeout_s,
        lang=settings.lang,
    )
    api.add_middleware(SecurityHeaders)
    return api
