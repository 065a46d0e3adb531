"""Human validation: a draft becomes validated or rejected by a named validator, with a
justification; for Secret products and above, the validator is not the requester.
Every decision is audited with the hash of the text it applies to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egide.errors import AccessDeniedError, ProductNotFoundError, ProductStateError
from egide.i18n import Msg
from egide.security.access import readable
from egide.security.labels import Level, parse_label
from egide.security.principals import Role, User
from egide.store import products
from egide.store.db import transaction
from egide.store.documents import now_iso
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App


def fetch(app: App, user: User, uid: str) -> dict[str, Any]:
    """A product the user may read; any other is reported as not found."""
    allowed = readable(app.authority(user), all_labels(app.db))
    row = products.get(app.db, uid, allowed)
    if row is None:
        raise ProductNotFoundError(uid)
    kept = app.release(user, app.authority(user), "product", [((row["label"],), row)])
    if not kept:
        raise ProductNotFoundError(uid)
    return row


def listing(app: App) -> list[dict[str, Any]]:
    """The products the current user may read (their question included), re-checked."""
    user = app.require_user()
    authority = app.authority(user)
    rows = products.listing(app.db, readable(authority, all_labels(app.db)))
    return app.release(user, authority, "product.list", [((r["label"],), r) for r in rows])


def decide(app: App, uid: str, status: str, reason: str) -> dict[str, Any]:
    user = app.require_user(Role.VALIDATOR)
    row = fetch(app, user, uid)
    label = parse_label(row["label"])
    if not reason.strip():
        raise ProductStateError(Msg("justification vide"))
    if row["status"] != "draft":
        raise ProductStateError(
            Msg("{uid} est déjà « {status} »", uid=uid, status=row['status'])
        )
    if label.level >= Level.S and row["requester"] == user.name:
        app.record(
            user.name,
            "access.denied",
            {"reason": "validator is the requester", "product": uid},
            label,
            decision="deny",
        )
        raise AccessDeniedError(
            Msg("au niveau Secret, le valideur ne peut pas être le demandeur")
        )
    text_hash = row["body_sha256"]
    body = dict(row["body"])
    body["status"] = status
    body["validation"] = {
        "status": status,
        "by": user.name,
        "at": now_iso(),
        "reason": reason.strip(),
        "text_sha256": text_hash,
    }
    with transaction(app.db):
        products.decide(app.db, uid, status, user.name, reason.strip(), body)
        app.record(
            user.name,
            f"product.{status}",
            {
                "product": uid,
                "text_sha256": text_hash,
                "reason_sha256": products.body_hash({"reason": reason.strip()}),
            },
            label,
        )
    return body
