"""The OpenAI-compatible client against a small local server that misbehaves on purpose."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from egide.errors import LLMError
from egide.llm.openai_compat import OpenAICompatBackend
from egide.settings import LLMSettings


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, Any]]] = []
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            script.requests.append(body)
            status, payload = script.replies.pop(0)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()


def ok(text: str) -> tuple[int, dict[str, Any]]:
    return 200, {
        "model": "m",
        "choices": [{"message": {"content": text}}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3},
    }


def backend(url: str, retries: int = 2) -> OpenAICompatBackend:
    return OpenAICompatBackend(
        LLMSettings(backend="openai", url=url, model="mistral", retries=retries, backoff_s=0.01)
    )


def test_retries_server_errors_then_succeeds(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(503, {}), (500, {}), ok("bonjour")]
    result = backend(url).complete([{"role": "user", "content": "x"}])
    assert (result.text, result.prompt_tokens, result.completion_tokens) == ("bonjour", 11, 3)
    assert len(script.requests) == 3 and script.requests[0]["model"] == "mistral"


def test_gives_up_with_a_coded_error(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(500, {})] * 2
    with pytest.raises(LLMError):
        backend(url, retries=1).complete([{"role": "user", "content": "x"}])


def test_schema_falls_back_to_json_object(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(500, {"error": "json_schema unsupported"})] * 3 + [ok("{}")]
    schema = {"type": "object"}
    assert backend(url).complete([{"role": "user", "content": "x"}], schema=schema).text == "{}"
    first, second = (r["response_format"] for r in script.requests[2:])
    assert first["type"] == "json_schema" and first["json_schema"]["schema"] == schema
    assert second == {"type": "json_object", "schema": schema}


def test_unreachable_server_is_a_coded_error() -> None:
    with pytest.raises(LLMError):
        backend("http://127.0.0.1:9/v1", retries=0).complete([{"role": "user", "content": "x"}])
