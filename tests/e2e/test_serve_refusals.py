"""``egide serve`` refuses to start on a store others could read, an unencrypted
production store, or a production service without its witness — each with a coded
error, before listening."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from egide.app import App
from egide.service.pki import DevCA
from egide.settings import load_settings
from egide.store import sealing
from tests.e2e.conftest import egide_env


def _config(folder: Path, key: bool = True, witness: bool = True) -> Path:
    pki = DevCA(folder / "pki")
    server = pki.server()
    lines = [f'home = "{folder / "store"}"']
    if key:
        lines += ["[store]", f'key_file = "{folder / "store.key"}"']
    if witness:
        lines += ["[audit]", f'witness = "{folder / "witness.jsonl"}"']
    lines += [
        "[service]",
        f'tls_cert = "{server.cert}"',
        f'tls_key = "{server.key}"',
        f'client_ca = "{folder / "pki" / "ca.pem"}"',
        "port = 0",
    ]
    path = folder / "egide.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _production_store(folder: Path, key: bool) -> None:
    key_file = folder / "store.key"
    if key:
        sealing.create_key(key_file)
    settings = load_settings(home=folder / "store")
    if key:
        settings = settings.model_copy(
            update={"store": settings.store.model_copy(update={"key_file": key_file})}
        )
    with App(settings) as app:
        app.init_store(dev=False)


def _serve(config: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "egide", "serve", "--config", str(config)],
        capture_output=True,
        text=True,
        env=egide_env(home),
        timeout=300,
    )


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wide folder", "E-STORE-PERMS"),
        ("readable file", "E-STORE-PERMS"),
        ("unencrypted", "E-STORE-KEY"),
        ("no witness", "E-CONFIG"),
    ],
)
def test_serve_refuses_to_start(tmp_path: Path, case: str, code: str) -> None:
    config = _config(tmp_path, key=case != "unencrypted", witness=case != "no witness")
    _production_store(tmp_path, key=case != "unencrypted")
    store = tmp_path / "store"
    if case == "wide folder":
        store.chmod(0o755)
    if case == "readable file":
        (store / "egide.db").chmod(0o644)
    result = _serve(config, store)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"[{code}]"), result.stderr
    assert "Traceback" not in result.stderr
