"""Intelligence products: list, read, validate or reject, export."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from egide.products import lifecycle
from egide.products.export import markdown
from egide.products.model import Brief
from egide.security.access import readable
from egide.security.labels import parse_label
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App

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


def versions(app: App, uid: str) -> list[dict[str, Any]]:
    """The other products on the same question (same kind) that the requester may read,
    oldest first: the versions a validator compares."""
    user = app.require_user()
    authority = app.authority(user)
    row = lifecycle.fetch(app, user, uid)
    allowed = readable(authority, all_labels(app.db))
    marks = ",".join("?" * len(allowed))
    rows = app.db.execute(
        "SELECT p.uid, p.status, p.requester, p.created_at, l.canonical AS label"
        " FROM products p JOIN labels l ON l.id = p.label_id"
        f" WHERE p.question_sha256 = ? AND p.kind = ? AND p.uid != ? AND p.label_id IN ({marks})"
        " ORDER BY p.id",
        (row["question_sha256"], row["kind"], uid, *allowed),
    ).fetchall()
    return app.release(user, authority, "product.list", [((r["label"],), dict(r)) for r in rows])


def drafts(app: App) -> list[dict[str, Any]]:
    """The drafts awaiting a validator, among the products the requester may read."""
    return [p for p in lifecycle.listing(app) if p["status"] == "draft"]
