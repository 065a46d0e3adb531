"""HTTP client of the service: the user's certificate (or token), the service's CA, and
errors turned back into the ``[E-CODE] what happened — how to fix`` the CLI prints.

Built on the standard library's ``http.client``: a command through the service starts in
the time it takes to load the command itself."""

from __future__ import annotations

import http.client
import json
import secrets
import ssl
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urlsplit

from egide.client.config import ClientConfig
from egide.errors import EgideError
from egide.service.errors import ServiceUnreachableError

API = "/api/v1"
#: a connection idle longer than this is opened afresh (the service closes idle ones)
IDLE_S = 2.0
#: a file to upload: (form field, (file name, open binary file))
Upload = tuple[str, tuple[str, IO[bytes]]]


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
    def __init__(self, client: ClientConfig) -> None:
        self.lang = client.lang
        url = urlsplit(client.url.rstrip("/"))
        if url.scheme not in {"https", "http"} or not url.hostname:
            raise ServiceUnreachableError(f"{client.url}: https://hôte:port attendu")
        self._host, self._port = url.hostname, url.port
        self._tls = url.scheme == "https"
        self._base = url.path + API
        self._timeout = client.timeout_s
        self._headers = {"Accept-Language": client.lang, "User-Agent": "egide-cli"}
        if client.token:
            self._headers["Authorization"] = f"Bearer {client.token}"
        self._context: ssl.SSLContext | None = None
        if self._tls:
            self._context = ssl.create_default_context(
                cafile=str(client.ca) if client.ca else None
            )
            if client.cert is not None:
                try:
                    self._context.load_cert_chain(
                        str(client.cert), str(client.key) if client.key else None
                    )
                except (OSError, ssl.SSLError) as exc:
                    raise ServiceUnreachableError(f"{client.cert}: {exc}") from None
        self._conn: http.client.HTTPConnection | None = None
        self._used = 0.0
        self._token = bool(client.token)
        self._csrf: str | None = None
        #: the service's cookies (the session opened for state-changing requests)
        self._cookies: dict[str, str] = {}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- requests -----------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return _json(self._send("GET", path, params))

    def post(
        self,
        path: str,
        body: Any = None,
        files: Sequence[Upload] | None = None,
        data: dict[str, str] | None = None,
    ) -> Any:
        self._session()
        if files is not None or data is not None:
            payload, kind = _multipart(files or [], data or {})
        else:
            payload, kind = json.dumps(body).encode(), "application/json"
        return _json(self._send("POST", path, None, payload, kind))

    def delete(self, path: str) -> Any:
        self._session()
        return _json(self._send("DELETE", path))

    def download(self, path: str, params: dict[str, Any], target: Path) -> None:
        target.write_bytes(self._send("GET", path, params))

    def events(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Server-sent events of ``path``: each event's data, parsed as JSON."""
        try:
            response = self._request("GET", path, params, None, None, stream=True)
            while line := response.readline():
                if line.startswith(b"data:"):
                    yield json.loads(line[5:].strip())
        except (OSError, http.client.HTTPException) as exc:
            raise ServiceUnreachableError(_reason(exc)) from None
        finally:
            self.close()  # an event stream is never reused for another request

    # --- internals ----------------------------------------------------------------------

    def _session(self) -> None:
        """Before a state-changing request without a token: a session opened with the
        certificate, whose CSRF token goes with every such request."""
        if self._token or self._csrf is not None:
            return
        opened = _json(self._send("POST", "/session", None, b"{}", "application/json"))
        self._csrf = str(opened["csrf"])
        self._headers["X-CSRF-Token"] = self._csrf

    def _send(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: bytes | None = None,
        kind: str | None = None,
    ) -> bytes:
        for attempt in (1, 2):
            reused = self._conn is not None
            try:
                response = self._request(method, path, params, body, kind)
                return response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.close()  # the service closed a kept connection: once more, afresh
                if attempt == 2 or not reused or method != "GET":
                    raise ServiceUnreachableError(_reason(exc)) from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise ServiceUnreachableError(_reason(exc)) from None
        raise AssertionError("unreachable")

    def _request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        body: bytes | None,
        kind: str | None,
        stream: bool = False,
    ) -> http.client.HTTPResponse:
        if self._conn is not None and time.monotonic() - self._used > IDLE_S:
            self.close()
        if self._conn is None:
            self._conn = (
                http.client.HTTPSConnection(
                    self._host, self._port, timeout=self._timeout, context=self._context
                )
                if self._tls
                else http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
            )
        target = self._base + path + (f"?{_query(params)}" if params else "")
        headers = dict(self._headers)
        if self._cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self._cookies.items())
        if kind is not None:
            headers["Content-Type"] = kind
        self._conn.request(method, target, body=body, headers=headers)
        if stream and self._conn.sock is not None:
            self._conn.sock.settimeout(None)  # events come when they come
        response = self._conn.getresponse()
        self._used = time.monotonic()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].strip().partition("=")
            if name:
                self._cookies[name] = value
        _check(response)
        return response


def _query(params: dict[str, Any]) -> str:
    """Query parameters as the service reads them (booleans as ``true``/``false``)."""
    pairs = [
        (k, ("true" if v else "false") if isinstance(v, bool) else str(v))
        for k, v in params.items()
        if v is not None
    ]
    return urlencode(pairs)


def _multipart(files: Sequence[Upload], data: dict[str, str]) -> tuple[bytes, str]:
    boundary = "egide-" + secrets.token_hex(16)
    parts: list[bytes] = []
    for name, value in data.items():
        parts.append(_part(boundary, f'name="{_quoted(name)}"', None, str(value).encode()))
    for name, (filename, handle) in files:
        disposition = f'name="{_quoted(name)}"; filename="{_quoted(filename)}"'
        parts.append(_part(boundary, disposition, "application/octet-stream", handle.read()))
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _part(boundary: str, disposition: str, kind: str | None, content: bytes) -> bytes:
    head = f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
    if kind is not None:
        head += f"Content-Type: {kind}\r\n"
    return (head + "\r\n").encode() + content + b"\r\n"


def _quoted(text: str) -> str:
    """A name inside a quoted header parameter (HTML5 form encoding): backslashes doubled,
    quotes and control characters percent-encoded, the rest sent as UTF-8."""
    out = text.replace("\\", "\\\\").replace('"', "%22")
    return "".join(f"%{ord(c):02X}" if ord(c) < 0x20 and c != "\x1b" else c for c in out)


def _check(response: http.client.HTTPResponse) -> None:
    if response.status < 400:
        return
    raw = response.read()
    try:
        body = json.loads(raw)
    except ValueError:
        body = {"title": raw.decode("utf-8", "replace")[:200] or str(response.status)}
    raise RemoteError(body if isinstance(body, dict) else {}, response.status)


def _json(content: bytes) -> Any:
    return json.loads(content) if content else None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 300 else text[:299] + "…"
