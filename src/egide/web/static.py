"""The pages' static files, served from the package: read once, each vendored file checked
against the SHA-256 recorded when it was vendored (a mismatch is never served)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from fastapi import APIRouter, Response

from egide.service.errors import NotFoundError

MEDIA = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}
router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    name: str
    data: bytes
    sha256: str

    @property
    def version(self) -> str:
        return self.sha256[:12]

    @property
    def integrity(self) -> str:
        """The Subresource Integrity value of the file (``sha256-…``)."""
        return "sha256-" + base64.b64encode(bytes.fromhex(self.sha256)).decode()


class VendoredMismatch(RuntimeError):
    pass


def vendored() -> dict[str, dict[str, str]]:
    """What was vendored: file name → package, version, licence and SHA-256."""
    text = resources.files("egide.web").joinpath("static", "vendored.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


@cache
def assets() -> dict[str, Asset]:
    folder = resources.files("egide.web").joinpath("static")
    out = {}
    for item in folder.iterdir():
        name = item.name
        if not item.is_file() or name.rsplit(".", 1)[-1] not in {"js", "css", "svg", "png", "txt"}:
            continue
        data = item.read_bytes()
        out[name] = Asset(name, data, hashlib.sha256(data).hexdigest())
    for name, entry in vendored().items():
        if name not in out or out[name].sha256 != entry["sha256"]:
            raise VendoredMismatch(name)
    return out


def url(name: str) -> str:
    return f"/static/{name}?v={assets()[name].version}"


@router.get("/static/{name}")
def static(name: str) -> Response:
    found = assets().get(name)
    if found is None:
        raise NotFoundError(name)
    media = MEDIA["." + name.rsplit(".", 1)[-1]]
    return Response(
        found.data,
        media_type=media,
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
