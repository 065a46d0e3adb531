"""Build a fiche de synthèse: gather the requester's passages, run an engine, derive the
rest by code, store the draft, audit its making."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from egide.errors import AccessDeniedError, EgideError, LLMError
from egide.i18n import Msg, t
from egide.llm.backend import Backend
from egide.llm.factory import make_backend
from egide.products import (
    analysis,
    contradictions,
    extractive,
    marking,
    model_engine,
    outlook,
    prompts,
    relevance,
)
from egide.products.context import Context, Passage, gather
from egide.products.dtg import dtg
from egide.products.model import NOTHING_RELEVANT, Brief
from egide.security.access import may_read
from egide.security.labels import PUBLIC, Label
from egide.store import products
from egide.store.audit import sha256_text
from egide.store.db import transaction

if TYPE_CHECKING:
    from egide.app import App

Engine = Literal["auto", "extractive", "llm"]


def create(
    app: App,
    question: str,
    limit: int | None = None,
    engine: Engine = "auto",
    backend: Backend | None = None,
    question_label: str | None = None,
    recipients: list[str] | None = None,
    references: list[str] | None = None,
) -> Brief:
    """Write a draft fiche de synthèse as the current user and store it."""
    user = app.require_user()
    lang = app.settings.lang  # the language the fiche is written in
    authority = app.authority(user)
    asked = marking.question_label(authority, question_label)
    ctx = gather(app, user, question, limit or app.settings.products.passages)
    sent: list[Passage] = []  # every passage placed in a prompt, in every attempt
    notices: list[str] = []
    relevant = relevance.relevant(ctx, app.settings.products)
    if not relevant:  # nothing of the passages enters the product
        ctx = Context(question, user, [], [], PUBLIC)
        notices.append(t(NOTHING_RELEVANT, lang))
    if backend is None and engine != "extractive":
        backend = make_backend(app, user.name)
        if backend is None and engine == "llm":
            raise LLMError(
                Msg("aucun modèle configuré ou coupe-circuit actif")
            )
    used = "extractive"
    model_info = None
    dropped = 0
    key_points, claims, assessment = [], [], []
    if backend is not None and engine != "extractive" and ctx.passages and relevant:
        settings = app.settings.llm
        fitted = model_engine.fit(ctx, backend, settings.max_tokens)
        try:
            result, fitted = model_engine.ask(
                backend, fitted, settings.max_tokens, settings.temperature, sent
            )
        except EgideError as exc:
            notices.append(
                t(
                    "Modèle indisponible ({error}) : synthèse extractive.",
                    lang,
                    error=exc.render(lang),
                )
            )
            result = None
        if result is not None:
            ctx = fitted
            dropped = result.dropped
            model_info = {
                "name": backend.name,
                "prompt_tokens": str(result.prompt_tokens),
                "completion_tokens": str(result.completion_tokens),
                **backend.provenance,
            }
            if result.claims:
                used = backend.name
                key_points, claims, assessment = (
                    result.key_points,
                    result.claims,
                    result.assessment,
                )
            else:
                notices.append(
                    t(
                        "Aucun fait vérifiable dans la réponse du modèle : synthèse extractive "
                        "à la place.",
                        lang,
                    )
                )
    if used == "extractive":
        key_points, claims = extractive.build(ctx)
    found = analysis.mentions(app, ctx)
    disagreements = contradictions.find(ctx, found, lang)
    label = marking.product_label(asked, (p.label for p in ctx.passages), (p.label for p in sent))
    brief = Brief(
        id=f"FS-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3).upper()}",
        label=label.canonical(),
        question_label=asked.canonical(),
        engine=used,
        question=question,
        requester=user.name,
        recipients=recipients or [],
        references=references or [],
        relevant=relevant,
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        dtg=dtg(),
        lang=lang,
        key_points=key_points,
        claims=claims,
        assessment=assessment,
        entities=analysis.entities(app, ctx, found=found),
        timeline=analysis.timeline(app, ctx, found=found),
        contradictions=disagreements,
        indicators=outlook.indicators(ctx, lang=lang),
        gaps=outlook.requirements(ctx, claims, disagreements, lang) if relevant else [],
        sources=ctx.sources,
        suspicious=extractive.suspicious(ctx),
        dropped_claims=dropped,
        notices=notices,
        model=model_info,
    )
    if not may_read(authority, label) or not app.release(
        user, authority, "brief", [((brief.label,), brief)]
    ):
        raise AccessDeniedError(
            Msg("le produit dépasserait votre habilitation")
        )
    _store(app, brief, label, ctx.passages + [p for p in sent if p not in ctx.passages])
    return brief


def _store(app: App, brief: Brief, label: Label, context: list[Passage]) -> None:
    body = brief.to_json()
    with transaction(app.db):
        products.insert(
            app.db,
            brief.id,
            "brief",
            label,
            brief.requester,
            brief.engine,
            brief.question,
            body,
        )
        app.record(
            brief.requester,
            "product.create",
            {
                "product": brief.id,
                "engine": brief.engine,
                "model": (brief.model or {}).get("manifest_sha256", brief.engine),
                "chat_template_sha256": (brief.model or {}).get("chat_template_sha256"),
                "prompt_template_sha256": sha256_text(prompts.SYSTEM),
                "context": [{"chunk": p.chunk_id, "label": p.label} for p in context],
                "text_sha256": products.body_hash(body),
            },
            label,
        )
