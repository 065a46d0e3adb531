"""In-process llama.cpp (``pip install egide[llamacpp]``), on a verified GGUF file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from egide.errors import DependencyError, LLMError
from egide.llm.backend import Capabilities, Completion, Message

SEED = 20260130


class LlamaCppBackend:
    def __init__(
        self,
        model_path: Path,
        context_tokens: int,
        provenance: dict[str, str] | None = None,
        threads: int | None = None,
    ) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise DependencyError(
                "llama-cpp-python", install="pip install 'egide[llamacpp]'"
            ) from exc
        self.name = f"llamacpp:{model_path.name}"
        self.provenance = provenance or {}
        self._context = context_tokens
        try:
            # a fixed seed: the same prompt gives the same draft (reproducible for audit)
            self._llm: Any = Llama(
                model_path=str(model_path),
                n_ctx=context_tokens,
                n_threads=threads,
                seed=SEED,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise LLMError(str(exc)) from exc

    def capabilities(self) -> Capabilities:
        return Capabilities(True, self._context)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.1,
    ) -> Completion:
        kwargs: dict[str, Any] = {
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        try:
            data = self._llm.create_chat_completion(**kwargs)
        except (ValueError, RuntimeError) as exc:
            raise LLMError(str(exc)) from exc
        usage = data.get("usage") or {}
        choice = data["choices"][0]
        return Completion(
            choice["message"]["content"] or "",
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            self.name,
            choice.get("finish_reason") == "length",
        )

    def stream(
        self, messages: list[Message], *, max_tokens: int = 1024, temperature: float = 0.1
    ) -> Iterator[str]:
        for chunk in self._llm.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=temperature, stream=True
        ):
            delta = chunk["choices"][0].get("delta", {})
            if delta.get("content"):
                yield str(delta["content"])
