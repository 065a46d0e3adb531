from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from egide.errors import ModelError
from egide.models import formats
from tests.fixtures import write_gguf, write_safetensors


def test_gguf_chat_template_is_read_from_the_header(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", template="<|user|>{{ x }}")
    assert formats.kind(path) == "gguf"
    assert formats.gguf_chat_template(path) == "<|user|>{{ x }}"


def test_safetensors_header_is_checked(tmp_path: Path) -> None:
    assert formats.kind(write_safetensors(tmp_path / "m.safetensors")) == "safetensors"
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00notjs")
    with pytest.raises(ModelError):
        formats.kind(bad)


@pytest.mark.parametrize(
    "name",
    [
        "model.bin",
        "model.pt",
        "model.pth",
        "model.ckpt",
        "model.pkl",
        "weights.safetensors",
        "weights.gguf",
    ],
)
def test_pickles_are_refused_whatever_their_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(pickle.dumps({"w": [1, 2, 3]}, protocol=4))
    with pytest.raises(ModelError):
        formats.kind(path)


def test_unknown_formats_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.exe"
    path.write_bytes(b"MZ\x90\x00")
    with pytest.raises(ModelError):
        formats.kind(path)
