"""Model manifests: every alteration is refused with a coded error and audited."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from egide.app import App
from egide.errors import ModelError
from egide.models import registry
from egide.security import signing
from egide.store import audit
from tests.fixtures import write_gguf, write_safetensors


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    root = tmp_path / "mistral-test"
    root.mkdir()
    write_gguf(root / "model.gguf")
    write_safetensors(root / "adapter.safetensors")
    (root / "config.json").write_text('{"context": 4096}', encoding="utf-8")
    return root


def refusals(app: App) -> int:
    return int(
        app.db.execute("SELECT COUNT(*) FROM audit WHERE action = 'model.refused'").fetchone()[0]
    )


def admin(app: App):  # type: ignore[no-untyped-def]
    return app.require_user()


def test_add_then_verify(store: App, model_dir: Path) -> None:
    manifest = registry.add(store, admin(store).name, model_dir)
    assert manifest["name"] == "mistral-test"
    assert {f["format"] for f in manifest["files"]} == {"gguf", "safetensors", "sidecar"}
    template = "{% for m in messages %}{{ m.content }}{% endfor %}"
    assert manifest["chat_template_sha256"] == audit.sha256_text(template)
    model = registry.verify(store, "mistral-test")
    assert sorted(p.name for p in model.weights()) == ["adapter.safetensors", "model.gguf"]


def test_a_flipped_byte_is_refused(store: App, model_dir: Path) -> None:
    registry.add(store, admin(store).name, model_dir)
    data = bytearray((model_dir / "model.gguf").read_bytes())
    data[-1] ^= 0x01
    (model_dir / "model.gguf").write_bytes(bytes(data))
    with pytest.raises(ModelError) as info:
        registry.verify(store, "mistral-test")
    assert info.value.code == "E-MODEL" and "model.gguf" in info.value.message("en")
    assert refusals(store) == 1


def test_a_file_added_or_removed_is_refused(store: App, model_dir: Path) -> None:
    registry.add(store, admin(store).name, model_dir)
    (model_dir / "extra.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="added"):
        registry.verify(store, "mistral-test")
    (model_dir / "extra.json").unlink()
    (model_dir / "config.json").unlink()
    with pytest.raises(ModelError, match="missing"):
        registry.verify(store, "mistral-test")
    assert refusals(store) == 2


def test_a_symlink_out_of_the_folder_is_refused(
    store: App, model_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    os.symlink(outside, model_dir / "link.json")
    with pytest.raises(ModelError, match="link"):
        registry.add(store, admin(store).name, model_dir)
    (model_dir / "link.json").unlink()
    registry.add(store, admin(store).name, model_dir)
    (model_dir / "config.json").unlink()
    os.symlink(outside, model_dir / "config.json")
    with pytest.raises(ModelError, match="link"):
        registry.verify(store, "mistral-test")


def test_a_manifest_signed_by_another_key_is_refused(
    store: App, model_dir: Path, tmp_path: Path
) -> None:
    registry.add(store, admin(store).name, model_dir)
    row = store.db.execute("SELECT manifest FROM models").fetchone()
    other = signing.create_key(tmp_path / "other.pem")
    store.db.execute(
        "UPDATE models SET signature = ?", (other.sign(row["manifest"].encode()).hex(),)
    )
    with pytest.raises(ModelError, match="signed"):
        registry.verify(store, "mistral-test")
    manifest = json.loads(row["manifest"])
    manifest["files"] = manifest["files"][:1]
    store.db.execute("UPDATE models SET manifest = ?", (audit.canonical_json(manifest),))
    with pytest.raises(ModelError, match="signed"):
        registry.verify(store, "mistral-test")


def test_pickle_models_are_refused_even_when_asked(store: App, tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x80\x04\x95 pickle")
    with pytest.raises(ModelError):
        registry.add(store, admin(store).name, path)
    assert refusals(store) == 1
    assert store.db.execute("SELECT COUNT(*) FROM models").fetchone()[0] == 0
