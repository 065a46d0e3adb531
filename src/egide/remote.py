"""JSON over HTTP to OpenAI-compatible servers (language models, embedders): retries with
exponential backoff on transport errors and 5xx answers, a clear error otherwise. The
network guard decides which hosts may be reached at all."""

from __future__ import annotations

import time
from typing import Any

import httpx

from egide.errors import EgideError


def post_json(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    retries: int,
    backoff_s: float,
    error: type[EgideError],
) -> dict[str, Any]:
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            response = client.post(url, json=payload)
        except httpx.HTTPError as exc:  # refused, timed out, or stopped by the guard
            last = exc
        else:
            if response.status_code < 500:
                if response.status_code >= 400:
                    raise error(f"HTTP {response.status_code}: {response.text[:200]}")
                try:
                    data: dict[str, Any] = response.json()
                except ValueError as exc:
                    raise error(f"{url}: réponse non JSON / not JSON") from exc
                return data
            last = error(f"HTTP {response.status_code}: {response.text[:200]}")
        if attempt < retries:
            time.sleep(backoff_s * (2**attempt))
    raise error(f"{url}: {last}")
