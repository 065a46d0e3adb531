"""The OpenAI-compatible client against a small local server that misbehaves on purpose."""

from __future__ import annotations

from typing import Any

import pytest

from egide.errors import LLMError
from egide.llm.openai_compat import OpenAICompatBackend
from egide.settings import LLMSettings
from tests.conftest import Script


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


def test_retries_server_errors_then_succeeds(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies = [(503, {}), (500, {}), ok("bonjour")]
    result = backend(url).complete([{"role": "user", "content": "x"}])
    assert (result.text, result.prompt_tokens, result.completion_tokens) == ("bonjour", 11, 3)
    assert len(script.requests) == 3 and script.requests[0]["model"] == "mistral"


def test_gives_up_with_a_coded_error(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies = [(500, {})] * 2
    with pytest.raises(LLMError):
        backend(url, retries=1).complete([{"role": "user", "content": "x"}])


def test_schema_falls_back_to_json_object(scripted_server: tuple[str, Script]) -> None:
    url, script = scripted_server
    script.replies = [(500, {"error": "json_schema unsupported"})] * 3 + [ok("{}")]
    schema = {"type": "object"}
    assert backend(url).complete([{"role": "user", "content": "x"}], schema=schema).text == "{}"
    first, second = (r["response_format"] for r in script.requests[2:])
    assert first["type"] == "json_schema" and first["json_schema"]["schema"] == schema
    assert second == {"type": "json_object", "schema": schema}


def test_unreachable_server_is_a_coded_error() -> None:
    with pytest.raises(LLMError):
        backend("http://127.0.0.1:9/v1", retries=0).complete([{"role": "user", "content": "x"}])
