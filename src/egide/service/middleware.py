"""ASGI layers in front of every route: request size and body time limits, and the
security headers of every response."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from egide.errors import EgideError
from egide.service.errors import PayloadTooLargeError, SlowBodyError
from egide.service.problems import Refusal, problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"strict-transport-security", b"max-age=31536000"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        b"form-action 'self'",
    ),
]


class Limits:
    """Refuse a body larger than ``max_bytes`` (413, from Content-Length at once, else as
    soon as the count passes it) or slower than ``timeout_s`` in all (408): the route sees
    only a complete, bounded body, so nothing is stored half-way."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float, lang: str) -> None:
        self.app, self.max_bytes, self.timeout_s, self.lang = app, max_bytes, timeout_s, lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        limit_mb = round(self.max_bytes / 1024 / 1024, 1)
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._answer(scope, send, PayloadTooLargeError(limit=limit_mb))
            return
        deadline = time.monotonic() + self.timeout_s
        seen = 0
        started = False
        complete = False

        async def bounded() -> Message:
            nonlocal seen, complete
            if complete:  # the body is in: later reads only wait for a disconnect (streams)
                return await receive()
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise Refusal(SlowBodyError(limit=self.timeout_s)) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise Refusal(PayloadTooLargeError(limit=limit_mb))
                complete = not message.get("more_body", False)
            else:
                complete = True
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, bounded, tracking)
        except Refusal as refused:
            if not started:
                await self._answer(scope, send, refused.error)

    async def _answer(self, scope: Scope, send: Send, error: EgideError) -> None:
        response = problem(error, self.lang, str(scope.get("path", "")))
        response.headers["connection"] = "close"
        await response(scope, _drain, send)


async def _drain() -> Message:
    return {"type": "http.disconnect"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in SECURITY_HEADERS if k not in present),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
