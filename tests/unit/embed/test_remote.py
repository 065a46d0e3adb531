"""The remote embedder's own logic against a scripted OpenAI-compatible server."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from egide.embed.remote import RemoteEmbedder
from egide.errors import EmbedderError
from egide.settings import EmbedSettings
from tests.conftest import Script


def vectors(n: int, dim: int = 4) -> tuple[int, dict[str, Any]]:
    data = [{"index": i, "embedding": [float(i + 1)] + [0.0] * (dim - 1)} for i in range(n)]
    return 200, {"data": data[::-1]}  # out of order on purpose: ``index`` decides


def embedder(url: str, **kw: Any) -> RemoteEmbedder:
    options: dict[str, Any] = {"model": "remote", "url": url, "dim": 4, "backoff_s": 0.01}
    return RemoteEmbedder(EmbedSettings(**(options | kw)))


def test_batches_prefixes_and_normalises(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies += [vectors(2), vectors(2), vectors(1)]
    out = embedder(url, batch_size=2).passages(["a", "b", "c", "d", "e"])
    assert [r["input"] for r in script.requests] == [
        ["passage: a", "passage: b"],
        ["passage: c", "passage: d"],
        ["passage: e"],
    ]
    assert out.shape == (5, 4) and np.allclose(np.linalg.norm(out, axis=1), 1.0)


def test_server_side_prefixes_send_the_input_type(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies.append(vectors(1))
    embedder(url, prefixes="server").query("pont de Sarvik")
    assert script.requests[0]["input"] == ["pont de Sarvik"]
    assert script.requests[0]["input_type"] == "query"


def test_retries_server_errors(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies += [(503, {"error": "busy"}), vectors(1)]
    assert embedder(url).query("x").shape == (4,)
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "reply",
    [(400, {"error": "bad"}), (200, {"data": "nope"}), vectors(1, dim=3), (200, {"x": 1})],
)
def test_bad_answers_are_coded_errors(
    scripted_server: tuple[str, Script], reply: tuple[int, dict[str, Any]]
) -> None:
    url, script = scripted_server
    script.replies.append(reply)
    with pytest.raises(EmbedderError):
        embedder(url, retries=0).query("x")


def test_an_unreachable_server_is_a_coded_error() -> None:
    with pytest.raises(EmbedderError):
        embedder("http://127.0.0.1:9/v1", retries=1, timeout_s=1).query("x")
