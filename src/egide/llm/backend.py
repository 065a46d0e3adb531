"""The backend protocol: complete a chat request (optionally constrained to a JSON
schema), stream deltas, report capabilities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

Message = dict[str, str]


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    model: str
    truncated: bool = False  # stopped by the token limit or the window, not by itself


@dataclass(frozen=True)
class Capabilities:
    json_schema: bool
    context_tokens: int
    extra: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    name: str
    #: what was verified before loading: manifest digest and pinned chat template, if known
    provenance: dict[str, str]

    def capabilities(self) -> Capabilities: ...

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.1,
    ) -> Completion: ...

    def stream(
        self, messages: list[Message], *, max_tokens: int = 1024, temperature: float = 0.1
    ) -> Iterator[str]: ...


def estimate_tokens(text: str) -> int:
    """A conservative estimate for French and English text with figures, codes and
    date-time groups (≈ 2.6 characters a token for small-vocabulary tokenizers)."""
    return int(len(text) / 2.6) + 1
