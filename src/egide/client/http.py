"""HTTP client of the service: the user's certificate (or token), the service's CA, and
errors turned back into the ``[E-CODE] what happened — how to fix`` the CLI prints."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from egide.errors import EgideError
from egide.service.errors import ServiceUnreachableError
from egide.settings import Settings

API = "/api/v1"


class RemoteError(EgideError):
    """An error the service answered: its code, texts and exit code, as the service said."""

    def __init__(self, body: dict[str, Any], status: int) -> None:
        super().__init__(str(body.get("title", status)))
        self.remote_code = str(body.get("code", "E-SERVICE"))
        self.title = str(body.get("title", ""))
        self.detail = str(body.get("detail", ""))
        self.remote_exit = int(body.get("exit", 1))
        self.status = status

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return self.remote_exit

    def render(self, lang: str = "fr") -> str:
        return f"[{self.remote_code}] {self.title} — {self.detail}"

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        return {"code": self.remote_code, "message": self.title, "hint": self.detail}


class ServiceClient:
    def __init__(self, settings: Settings) -> None:
        assert settings.url is not None
        client = settings.client
        self.lang = settings.lang
        headers = {"Accept-Language": settings.lang, "User-Agent": "egide-cli"}
        if client.token:
            headers["Authorization"] = f"Bearer {client.token}"
        context = ssl.create_default_context(cafile=str(client.ca) if client.ca else None)
        if client.cert is not None:
            try:
                context.load_cert_chain(str(client.cert), str(client.key) if client.key else None)
            except (OSError, ssl.SSLError) as exc:
                raise ServiceUnreachableError(f"{client.cert}: {exc}") from None
        self._http = httpx.Client(
            base_url=settings.url.rstrip("/") + API,
            headers=headers,
            verify=context,
            timeout=httpx.Timeout(client.timeout_s, connect=10.0),
        )
        self._token = bool(client.token)
        self._csrf: str | None = None

    def close(self) -> None:
        self._http.close()

    # --- requests -----------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._json(self._send("GET", path, params=params))

    def post(self, path: str, body: Any = None, files: Any = None, data: Any = None) -> Any:
        self._session()
        return self._json(self._send("POST", path, json=body, files=files, data=data))

    def delete(self, path: str) -> Any:
        self._session()
        return self._json(self._send("DELETE", path))

    def download(self, path: str, params: dict[str, Any], target: Path) -> None:
        response = self._send("GET", path, params=params)
        target.write_bytes(response.content)

    def events(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Server-sent events of ``path``: each event's data, parsed as JSON."""
        try:
            with self._http.stream("GET", path, params=params, timeout=None) as response:
                self._check(response)
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        yield json.loads(line[5:].strip())
        except httpx.TransportError as exc:
            raise ServiceUnreachableError(_reason(exc)) from None

    # --- internals ----------------------------------------------------------------------

    def _session(self) -> None:
        """Before a state-changing request without a token: a session opened with the
        certificate, whose CSRF token goes with every such request."""
        if self._token or self._csrf is not None:
            return
        opened = self._json(self._send("POST", "/session", json={}))
        self._csrf = str(opened["csrf"])
        self._http.headers["X-CSRF-Token"] = self._csrf

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise ServiceUnreachableError(_reason(exc)) from None
        self._check(response)
        return response

    @staticmethod
    def _check(response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        response.read()
        try:
            body = response.json()
        except ValueError:
            body = {"title": response.text[:200] or str(response.status_code)}
        raise RemoteError(body if isinstance(body, dict) else {}, response.status_code)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        return response.json() if response.content else None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 300 else text[:299] + "…"
