"""Vendored files are served only as they were vendored: their SHA-256 is recorded."""

from __future__ import annotations

import hashlib
from importlib import resources

from egide.web import static


def test_vendored_htmx_matches_its_recorded_hash() -> None:
    recorded = static.vendored()["htmx.min.js"]
    assert recorded["package"] == "htmx.org" and recorded["version"].startswith("2.")
    data = resources.files("egide.web").joinpath("static", "htmx.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == recorded["sha256"]
    assert static.assets()["htmx.min.js"].sha256 == recorded["sha256"]


def test_no_file_refers_to_another_origin() -> None:
    for name, asset in static.assets().items():
        if name.endswith((".css", ".svg")) or name.startswith(("board", "egide")):
            text = asset.data.decode("utf-8")
            assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
            assert "https://" not in text and "@import" not in text, name


def test_integrity_is_the_files_sha256() -> None:
    import base64

    asset = static.assets()["egide.css"]
    digest = base64.b64decode(asset.integrity.removeprefix("sha256-"))
    assert digest == hashlib.sha256(asset.data).digest()
