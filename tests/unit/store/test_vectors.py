from __future__ import annotations

import numpy as np

from egide.store.vectors import ExactIndex


def _index() -> ExactIndex:
    ids = np.array([3, 7, 9, 20], dtype=np.int64)
    matrix = np.eye(4, dtype=np.float32)
    return ExactIndex(ids, np.ones(4, np.int64), matrix, (1, 1), np.array([1, 1, 2, 5]))


def test_owners_of_indexed_chunks_only() -> None:
    index = _index()
    assert index.owners([9, 3, 4, 21, 20, 0]) == {9: 2, 3: 1, 20: 5}
    assert index.owners([]) == {}


def test_an_empty_index_knows_no_owner() -> None:
    none = np.zeros(0, np.int64)
    empty = ExactIndex(none, none, np.zeros((0, 0), np.float32), (0, 0), none)
    assert empty.owners([1, 2]) == {}
