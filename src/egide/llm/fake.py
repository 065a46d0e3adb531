"""A scripted backend for tests and demonstrations: it answers what it is told to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from egide.llm.backend import Capabilities, Completion, Message, estimate_tokens

Script = Callable[[list[Message]], str]


class FakeBackend:
    name = "fake.scripted.v1"

    def __init__(
        self, script: Script | list[str], json_schema: bool = True, context_tokens: int = 8192
    ) -> None:
        self._script = script
        self._replies = list(script) if isinstance(script, list) else []
        self._json = json_schema
        self._context = context_tokens
        self.calls: list[dict[str, Any]] = []
        self.provenance: dict[str, str] = {}

    def capabilities(self) -> Capabilities:
        return Capabilities(self._json, self._context)

    def _reply(self, messages: list[Message]) -> str:
        if callable(self._script):
            return self._script(messages)
        if not self._replies:
            raise RuntimeError("fake backend: no scripted reply left")
        return self._replies.pop(0)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.1,
    ) -> Completion:
        self.calls.append({"messages": messages, "schema": schema})
        text = self._reply(messages)
        prompt = sum(estimate_tokens(m["content"]) for m in messages)
        return Completion(text, prompt, estimate_tokens(text), self.name)

    def stream(
        self, messages: list[Message], *, max_tokens: int = 1024, temperature: float = 0.1
    ) -> Iterator[str]:
        text = self.complete(messages, max_tokens=max_tokens, temperature=temperature).text
        for i in range(0, len(text), 16):
            yield text[i : i + 16]
