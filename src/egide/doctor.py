"""``egide doctor``: the network guard, the store's integrity, the audit log, the models,
the embedder and the character recognition of scans."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from egide.errors import EgideError, EgressError
from egide.security import auditlog, egress
from egide.store import fts, sealing, users
from egide.store import meta as store_meta
from egide.store.db import latest_version

if TYPE_CHECKING:
    from egide.app import App

PROBES = (("egide-egress-probe.invalid", 443), ("192.0.2.1", 9))


def _guard(app: App) -> dict[str, Any]:
    guard = egress.installed()
    refused = []
    for host, port in PROBES:
        try:
            if host[0].isdigit():
                with socket.socket() as sock:
                    sock.settimeout(0.5)
                    sock.connect((host, port))
            else:
                socket.getaddrinfo(host, port)
        except EgressError:
            refused.append(True)
        except OSError:
            refused.append(False)
        else:
            refused.append(False)
    return {
        "installed": guard is not None,
        "allow": app.settings.network.allow,
        "refuses_outside": all(refused),
        "ok": guard is not None and all(refused),
    }


def _store(app: App, lang: str) -> dict[str, Any]:
    conn = app.db
    quick = conn.execute("PRAGMA quick_check").fetchone()[0]
    fts_ok = fts.integrity_ok(conn)
    version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    protection = sealing.problems(app.home)
    return {
        "path": str(app.home),
        "encrypted": app.settings.store.key_path() is not None,
        "schema": version,
        "schema_latest": latest_version(),
        "integrity": quick,
        "fulltext": "ok" if fts_ok else "corrupt",
        "protection": [p.render(lang) for p in protection] or "ok",
        "ok": quick == "ok" and fts_ok and version == latest_version() and not protection,
    }


def _registry(app: App, lang: str) -> dict[str, Any]:
    """Rows of the registry whose seal does not verify (edited outside Égide)."""
    try:
        seal = app.seal
    except EgideError as exc:
        return {"ok": False, "problems": [exc.render(lang)]}
    bad_users = users.tampered(app.db, seal)
    bad_flags = store_meta.tampered(app.db, seal)
    return {
        "users_tampered": bad_users,
        "flags_tampered": bad_flags,
        "ok": not bad_users and not bad_flags,
    }


def _audit(app: App, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"key_path": str(app.key_path)}
    try:
        public = app.public_key()
        out["key_mode"] = (
            oct(app.key_path.stat().st_mode & 0o777) if app.key_path.exists() else None
        )
        result = auditlog.verify(app.db, public, app.meta("store_id") or "")
        out.update(result.to_dict(lang))
    except EgideError as exc:
        out.update(ok=False, problems=[exc.render(lang)])
    return out


def _embed(app: App, lang: str) -> dict[str, Any]:
    """Which embedder runs (its model verified by loading it), and the vectors still to
    compute across the store (a count only)."""
    from egide.ingest import indexer

    out: dict[str, Any] = {"configured": app.settings.embed.model}
    try:
        embedder = app.embedder
    except EgideError as exc:
        return {**out, "ok": False, "problems": [exc.render(lang)]}
    if embedder is None:
        return {**out, "ok": True, "embedder": None}
    missing = app.db.execute(
        "SELECT COUNT(*) FROM chunks c WHERE NOT EXISTS "
        "(SELECT 1 FROM vectors v WHERE v.chunk_id = c.id AND v.model = ?)",
        (embedder.space,),
    ).fetchone()[0]
    return {
        **out,
        "embedder": embedder.part_id,
        "precision": getattr(embedder, "precision", None),
        "vectors_missing": missing,
        "indexer_running": indexer.running(app.home),
        "ok": True,
    }


def _ocr(app: App, lang: str) -> dict[str, Any]:
    """Tesseract and its language data, as the ingest of a scan would find them."""
    from egide.ingest.ocr import Tesseract

    settings = app.settings.ingest.ocr
    out: dict[str, Any] = {"languages": "+".join(settings.languages)}
    try:
        tesseract = Tesseract.open(settings)
    except EgideError as exc:
        return {**out, "ok": False, "problems": [exc.render(lang)]}
    return {**out, "engine": tesseract.version, "binary": tesseract.binary, "ok": True}


def diagnose(
    app: App, models: dict[str, Any] | None = None, lang: str | None = None
) -> dict[str, Any]:
    lang = lang or app.settings.lang
    parts: dict[str, dict[str, Any]] = {
        "guard": _guard(app),
        "store": _store(app, lang),
        "registry": _registry(app, lang),
        "audit": _audit(app, lang),
        "models": models if models is not None else {"ok": True, "models": []},
        "embed": _embed(app, lang),
        "ocr": _ocr(app, lang),
    }
    return {**parts, "ok": all(part["ok"] for part in parts.values())}
