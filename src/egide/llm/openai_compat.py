"""OpenAI-compatible chat client (vLLM, llama.cpp server, Ollama, Mistral's self-deployed
stack) over httpx: timeouts, retries with backoff, JSON-schema constrained output where
the server supports it. The URL must be loopback or listed in ``network.allow``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from egide.errors import LLMError
from egide.i18n import Msg
from egide.llm.backend import Capabilities, Completion, Message
from egide.remote import post_json
from egide.settings import LLMSettings


class OpenAICompatBackend:
    def __init__(self, settings: LLMSettings, provenance: dict[str, str] | None = None) -> None:
        if not settings.url:
            raise LLMError(Msg("llm.url manquant"))
        self.url = settings.url.rstrip("/")
        self.model = settings.model or "default"
        self.name = f"openai:{self.model}"
        self.settings = settings
        self.provenance = provenance or {}
        self._schema_mode = "json_schema"
        self._client = httpx.Client(timeout=settings.timeout_s, trust_env=False)

    def capabilities(self) -> Capabilities:
        return Capabilities(True, self.settings.context_tokens)

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        url = f"{self.url}{path}"
        return post_json(self._client, url, payload, s.retries, s.backoff_s, LLMError)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.1,
    ) -> Completion:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if schema is not None:
            payload["response_format"] = self._format(schema)
        try:
            data = self._post("/chat/completions", payload)
        except LLMError:
            if schema is None or self._schema_mode == "json_object":
                raise
            # servers without "json_schema" (llama-cpp-python answers 500) take the schema
            # inside "json_object"; the mode sticks for this client's later requests
            self._schema_mode = "json_object"
            payload["response_format"] = self._format(schema)
            data = self._post("/chat/completions", payload)
        try:
            text = data["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError(Msg("réponse sans contenu")) from exc
        usage = data.get("usage") or {}
        return Completion(
            text,
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            str(data.get("model", self.model)),
            data["choices"][0].get("finish_reason") == "length",
        )

    def _format(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self._schema_mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "egide", "schema": schema}}
        return {"type": "json_object", "schema": schema}

    def stream(
        self, messages: list[Message], *, max_tokens: int = 1024, temperature: float = 0.1
    ) -> Iterator[str]:
        payload = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        try:
            with self._client.stream(
                "POST", f"{self.url}/chat/completions", json=payload
            ) as response:
                for line in response.iter_lines():
                    if not line.startswith("data:") or line.strip() == "data: [DONE]":
                        continue
                    delta = json.loads(line[5:])["choices"][0].get("delta", {})
                    if delta.get("content"):
                        yield str(delta["content"])
        except httpx.HTTPError as exc:
            raise LLMError(str(exc)) from exc
