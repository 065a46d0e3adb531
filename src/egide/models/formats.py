"""What a model file is, from its bytes: GGUF (with its chat template) or safetensors.
Pickle-based formats are refused whatever their name."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any, BinaryIO

from egide.errors import ModelError
from egide.i18n import Msg

#: Side files that carry no code and may sit beside the weights.
SIDECARS = {".json", ".txt", ".model", ".jinja", ".md"}
PICKLE_SUFFIXES = {
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".pkl",
    ".pickle",
    ".joblib",
    ".npy",
    ".npz",
    ".h5",
    ".keras",
    ".onnx",
    ".msgpack",
}
_GGUF_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_GGUF_STRING, _GGUF_ARRAY = 8, 9
MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kind(path: Path) -> str:
    """``gguf``, ``safetensors`` or ``sidecar``; anything else raises ``ModelError``."""
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(8)
    if head[:1] == b"\x80" or head[:2] == b"PK":
        raise ModelError(
            Msg("{name} : format pickle/zip refusé", name=path.name)
        )
    if suffix in PICKLE_SUFFIXES:
        raise ModelError(
            Msg(
                "{name} : extension {suffix} refusée (pickle possible)",
                name=path.name,
                suffix=suffix,
            )
        )
    if suffix == ".gguf":
        if head[:4] != b"GGUF":
            raise ModelError(
                Msg("{name} : en-tête GGUF absent", name=path.name)
            )
        return "gguf"
    if suffix == ".safetensors":
        _check_safetensors(path)
        return "safetensors"
    if suffix in SIDECARS:
        return "sidecar"
    raise ModelError(
        Msg("{name} : format non accepté (GGUF ou safetensors seulement)", name=path.name)
    )


def _check_safetensors(path: Path) -> None:
    with path.open("rb") as fh:
        raw = fh.read(8)
        if len(raw) < 8:
            raise ModelError(Msg("{name} : tronqué", name=path.name))
        (size,) = struct.unpack("<Q", raw)
        if size > MAX_SAFETENSORS_HEADER:
            raise ModelError(Msg("{name} : en-tête démesuré", name=path.name))
        try:
            header = json.loads(fh.read(size))
        except (json.JSONDecodeError, UnicodeDecodeError):
            header = None
    if not isinstance(header, dict):
        raise ModelError(
            Msg("{name} : en-tête safetensors invalide", name=path.name)
        )


def _read(fh: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = fh.read(size)
    if len(data) != size:
        raise ModelError(Msg("GGUF tronqué"))
    return struct.unpack(fmt, data)[0]


def _string(fh: BinaryIO) -> str:
    length = int(_read(fh, "<Q"))
    if length > 1 << 30:
        raise ModelError(Msg("GGUF corrompu"))
    return fh.read(length).decode("utf-8", errors="replace")


def _skip(fh: BinaryIO, vtype: int) -> None:
    if vtype == _GGUF_STRING:
        _string(fh)
    elif vtype == _GGUF_ARRAY:
        item = int(_read(fh, "<I"))
        count = int(_read(fh, "<Q"))
        if item in _GGUF_SCALARS:
            fh.seek(struct.calcsize(_GGUF_SCALARS[item]) * count, 1)
        else:
            for _ in range(count):
                _skip(fh, item)
    elif vtype in _GGUF_SCALARS:
        _read(fh, _GGUF_SCALARS[vtype])
    else:
        raise ModelError(Msg("GGUF : type de métadonnée inconnu"))


def gguf_chat_template(path: Path) -> str | None:
    """The ``tokenizer.chat_template`` of a GGUF file, read from its metadata header."""
    with path.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            raise ModelError(
                Msg("{name} : en-tête GGUF absent", name=path.name)
            )
        version = int(_read(fh, "<I"))
        if version < 2:
            raise ModelError(Msg("GGUF v1 non pris en charge"))
        _read(fh, "<Q")
        kv_count = int(_read(fh, "<Q"))
        for _ in range(kv_count):
            key = _string(fh)
            vtype = int(_read(fh, "<I"))
            if key == "tokenizer.chat_template" and vtype == _GGUF_STRING:
                return _string(fh)
            _skip(fh, vtype)
    return None
