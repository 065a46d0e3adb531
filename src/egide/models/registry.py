"""Register model files in a signed manifest; verify them before any load.

A model is a folder (or a single file) of GGUF or safetensors weights plus inert side files
(JSON configuration, tokenizer). Verification refuses a changed byte, a file added or
removed, a symbolic link leaving the folder, and a manifest not signed by this store's
key; each refusal is audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from egide.errors import ModelError
from egide.i18n import Msg
from egide.security import signing
from egide.store import audit
from egide.store.db import transaction

from . import formats

if TYPE_CHECKING:
    from egide.app import App

MANIFEST_TYPE = "egide.model.manifest.v1"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class VerifiedModel:
    name: str
    root: Path
    files: list[dict[str, Any]]
    chat_template_sha256: str | None

    manifest_sha256: str = ""

    def weights(self) -> list[Path]:
        return [self.root / f["path"] for f in self.files if f["format"] != "sidecar"]

    def provenance(self) -> dict[str, str]:
        out = {"model": self.name, "manifest_sha256": self.manifest_sha256}
        if self.chat_template_sha256:
            out["chat_template_sha256"] = self.chat_template_sha256
        return out


def _files(root: Path, single: Path | None) -> list[Path]:
    """Every file of the model, refusing links that leave its folder."""
    candidates = (
        [single]
        if single is not None
        else sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
    )
    real_root = root.resolve()
    out = []
    for path in candidates:
        real = path.resolve()
        if real != real_root and real_root not in real.parents:
            raise ModelError(
                Msg("{name} : lien hors du dossier du modèle", name=path.name)
            )
        if not real.is_file():
            raise ModelError(Msg("{name} : pas un fichier", name=path.name))
        out.append(path)
    return out


def _describe(root: Path, single: Path | None) -> tuple[list[dict[str, Any]], str | None]:
    files, template = [], None
    for path in _files(root, single):
        kind = formats.kind(path)
        if kind == "gguf":
            found = formats.gguf_chat_template(path)
            if found is not None:
                template = audit.sha256_text(found)
        files.append(
            {
                "path": path.relative_to(root).as_posix(),
                "size": path.stat().st_size,
                "sha256": formats.sha256_file(path),
                "format": kind,
            }
        )
    if not any(f["format"] != "sidecar" for f in files):
        raise ModelError(Msg("aucun fichier GGUF ou safetensors"))
    return files, template


def _split(path: Path) -> tuple[Path, Path | None]:
    path = path.absolute()
    return (path, None) if path.is_dir() else (path.parent, path)


def add(app: App, actor: str, path: Path, name: str | None = None) -> dict[str, Any]:
    """Record ``path``'s files, sizes and hashes in a manifest signed by the store key."""
    if not path.exists():
        raise ModelError(Msg("{path} introuvable", path=path))
    root, single = _split(path)
    name = name or (single.stem if single else root.name)
    if not _NAME.match(name):
        raise ModelError(Msg("nom « {name} » invalide", name=name))
    try:
        files, template = _describe(root, single)
    except ModelError as exc:
        app.record(
            actor, "model.refused", {"name": name, "reason": exc.message("en")}, decision="deny"
        )
        raise
    signer = app.signer()
    manifest = {
        "type": MANIFEST_TYPE,
        "name": name,
        "root": str(root),
        "single": single.name if single else None,
        "files": files,
        "chat_template_sha256": template,
        "key_id": signer.key_id,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    body = audit.canonical_json(manifest)
    with transaction(app.db):
        if app.db.execute("SELECT 1 FROM models WHERE name = ?", (name,)).fetchone():
            raise ModelError(Msg("« {name} » existe déjà", name=name))
        app.db.execute(
            "INSERT INTO models (name, manifest, signature, created_at) VALUES (?, ?, ?, ?)",
            (name, body, signer.sign(body.encode()).hex(), manifest["created"]),
        )
        app.record(
            actor,
            "model.add",
            {"name": name, "manifest_sha256": audit.sha256_text(body), "files": len(files)},
        )
    return manifest


def registered_root(app: App, name: str) -> Path | None:
    """Where a registered model's files are (unverified: for repairs, never for loading)."""
    row = app.db.execute("SELECT manifest FROM models WHERE name = ?", (name,)).fetchone()
    return Path(json.loads(row["manifest"])["root"]) if row else None


def verify(app: App, name: str, actor: str = "egide") -> VerifiedModel:
    """Check a registered model against its signed manifest. Call before every load."""
    try:
        return _verify(app, name)
    except ModelError as exc:
        app.record(
            actor, "model.refused", {"name": name, "reason": exc.message("en")}, decision="deny"
        )
        raise


def _verify(app: App, name: str) -> VerifiedModel:
    row = app.db.execute(
        "SELECT manifest, signature FROM models WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise ModelError(Msg("« {name} » n'est pas enregistré", name=name))
    body = str(row["manifest"])
    if not signing.verify(app.public_key(), body.encode(), bytes.fromhex(row["signature"])):
        raise ModelError(
            Msg("manifeste non signé par la clé de ce magasin")
        )
    manifest = json.loads(body)
    root = Path(manifest["root"])
    single = root / manifest["single"] if manifest["single"] else None
    expected = {f["path"]: f for f in manifest["files"]}
    present = (
        {p.relative_to(root).as_posix(): p for p in _files(root, single)} if root.is_dir() else {}
    )
    for rel in sorted(set(expected) - set(present)):
        raise ModelError(Msg("{rel} manquant", rel=rel))
    for rel in sorted(set(present) - set(expected)):
        raise ModelError(
            Msg("{rel} ajouté après l'enregistrement", rel=rel)
        )
    for rel, entry in expected.items():
        path = present[rel]
        if path.stat().st_size != entry["size"] or formats.sha256_file(path) != entry["sha256"]:
            raise ModelError(
                Msg("{rel} modifié (empreinte différente)", rel=rel)
            )
    template = None
    for entry in manifest["files"]:
        if entry["format"] == "gguf":
            found = formats.gguf_chat_template(present[entry["path"]])
            template = audit.sha256_text(found) if found is not None else template
    if template != manifest["chat_template_sha256"]:
        raise ModelError(
            Msg("modèle de conversation différent de celui épinglé")
        )
    return VerifiedModel(name, root, manifest["files"], template, audit.sha256_text(body))


def status(app: App, lang: str | None = None) -> dict[str, Any]:
    """Every registered model and whether it verifies now (for ``egide doctor``)."""
    models = []
    for (name,) in app.db.execute("SELECT name FROM models ORDER BY name").fetchall():
        try:
            _verify(app, name)
            models.append({"name": name, "ok": True})
        except ModelError as exc:
            problem = exc.message(lang or app.settings.lang)
            models.append({"name": name, "ok": False, "problem": problem})
    return {"ok": all(m["ok"] for m in models), "models": models}
