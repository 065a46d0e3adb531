from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from egide.embed.batching import QueryBatcher
from egide.store.vectors import Matrix


def vector_of(text: str) -> Matrix:
    return np.array([len(text), sum(map(ord, text))], dtype=np.float32)


class SlowEncoder:
    """Embeds a batch in ``seconds``, whatever its size (as a forward pass nearly does)."""

    def __init__(self, seconds: float = 0.05, fail_on: str | None = None) -> None:
        self.seconds = seconds
        self.fail_on = fail_on
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> Matrix:
        self.calls.append(list(texts))
        time.sleep(self.seconds)
        if self.fail_on is not None and self.fail_on in texts:
            raise RuntimeError("encoder failed")
        return np.stack([vector_of(t) for t in texts])


def run_all(batcher: QueryBatcher, texts: list[str]) -> dict[str, Matrix | BaseException]:
    out: dict[str, Matrix | BaseException] = {}

    def one(text: str) -> None:
        try:
            out[text] = batcher.query(text)
        except BaseException as exc:
            out[text] = exc

    threads = [threading.Thread(target=one, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a query never returned"
    return out


def test_a_lone_query_is_embedded_at_once_alone() -> None:
    encoder = SlowEncoder(0.0)
    batcher = QueryBatcher(encoder)
    assert np.array_equal(batcher.query("pont de Sarvik"), vector_of("pont de Sarvik"))
    assert encoder.calls == [["pont de Sarvik"]]


def test_concurrent_queries_share_batches_and_each_gets_its_own_vector() -> None:
    encoder = SlowEncoder(0.05)
    batcher = QueryBatcher(encoder, leaders=1, max_batch=16)
    texts = [f"question numéro {i}" for i in range(12)]
    out = run_all(batcher, texts)
    for text in texts:
        got = out[text]
        assert isinstance(got, np.ndarray) and np.array_equal(got, vector_of(text))
    assert sorted(t for call in encoder.calls for t in call) == sorted(texts)
    assert len(encoder.calls) < len(texts)  # some queries were embedded together
    assert batcher._active == 0 and not batcher._pending


def test_batches_never_exceed_their_size_and_leaders_stay_bounded() -> None:
    encoder = SlowEncoder(0.02)
    batcher = QueryBatcher(encoder, leaders=2, max_batch=3)
    texts = [f"q{i}" for i in range(20)]
    out = run_all(batcher, texts)
    assert all(isinstance(out[t], np.ndarray) for t in texts)
    assert max(len(call) for call in encoder.calls) <= 3
    assert batcher._active == 0


def test_a_failed_batch_fails_its_queries_only_and_the_next_ones_still_run() -> None:
    encoder = SlowEncoder(0.05, fail_on="poison")
    batcher = QueryBatcher(encoder, leaders=1, max_batch=16)
    out = run_all(batcher, ["poison", *[f"q{i}" for i in range(5)]])
    failed = [t for t, got in out.items() if isinstance(got, BaseException)]
    assert "poison" in failed
    for call in encoder.calls:  # a query failed exactly when its batch held the poison
        assert all((t in failed) == ("poison" in call) for t in call)
    assert batcher._active == 0
    assert np.array_equal(batcher.query("après"), vector_of("après"))
    with pytest.raises(RuntimeError):
        batcher.query("poison")
