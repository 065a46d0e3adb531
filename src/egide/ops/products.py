"""Intelligence products: list, read, validate or reject, export."""

from __future__ import annotations

import json
from typing import Any, Literal

from egide.app import App
from egide.products import lifecycle
from egide.products.export import markdown
from egide.products.model import Brief
from egide.security.labels import parse_label

Format = Literal["md", "json", "pdf", "stix"]
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "stix": "application/stix+json;version=2.1",
}


def get(app: App, uid: str) -> Brief:
    user = app.require_user()
    return Brief.model_validate(lifecycle.fetch(app, user, uid)["body"])


def decide(app: App, uid: str, status: str, reason: str) -> dict[str, Any]:
    return lifecycle.decide(app, uid, status, reason)


def render(brief: Brief, fmt: Format, lang: str) -> bytes:
    if fmt == "md":
        return markdown.render(brief, lang).encode("utf-8")
    if fmt == "json":
        return (json.dumps(brief.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "stix":
        from egide.products.export import stix

        return stix.bundle(brief).encode("utf-8")
    from egide.products.export import pdf

    return pdf.render(brief, lang)


def export(app: App, uid: str, formats: list[Format], lang: str) -> dict[Format, bytes]:
    """The product in each format (drafts carry « PROJET — NON VALIDÉ »); audited."""
    user = app.require_user()
    brief = get(app, uid)
    out = {fmt: render(brief, fmt, lang) for fmt in formats}
    app.record(
        user.name,
        "product.export",
        {"product": uid, "formats": list(formats), "status": brief.status},
        parse_label(brief.label),
    )
    return out
