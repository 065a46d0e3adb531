"""One real service for the session: uvicorn with TLS and client certificates, on a free
loopback port, over an encrypted copy of the demo store."""

from __future__ import annotations

import shutil
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from egide.app import App
from egide.service import server
from egide.service.demo import Login, prepare
from egide.service.pki import DevCA
from egide.settings import Settings, load_settings
from egide.store import sealing
from egide.store.db import DB_NAME

API = "/api/v1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    url: str
    folder: Path
    settings: Settings
    root: App
    logins: dict[str, Login]
    ca: DevCA
    server: uvicorn.Server
    thread: threading.Thread
    clients: list[httpx.Client] = field(default_factory=list)

    def client(
        self,
        user: str | None = None,
        *,
        cert: tuple[str, str] | None = None,
        token: str | None = None,
        lang: str = "fr",
        **kwargs: Any,
    ) -> httpx.Client:
        """An HTTPS client trusting the service's CA; with ``user``, their certificate."""
        if user is not None and cert is None:
            login = self.logins[user]
            cert = (login.cert, login.key)
        headers = {"Accept-Language": lang}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        context = ssl.create_default_context(cafile=str(self.settings.service.client_ca))
        if cert is not None:
            context.load_cert_chain(*cert)
        client = httpx.Client(
            base_url=self.url + API,
            verify=context,
            headers=headers,
            timeout=60,
            **kwargs,
        )
        self.clients.append(client)
        return client

    def session(self, user: str, password: str | None = None) -> httpx.Client:
        """A client with an open password session and its CSRF header."""
        client = self.client()
        opened = client.post(
            "/session", json={"user": user, "password": password or self.logins[user].password}
        )
        assert opened.status_code == 200, opened.text
        client.headers["X-CSRF-Token"] = opened.json()["csrf"]
        return client


def start(settings: Settings, root: App) -> tuple[uvicorn.Server, threading.Thread]:
    srv = uvicorn.Server(server.config(settings, root))
    thread = threading.Thread(target=srv.run, name="egide-test-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    return srv, thread


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, demo_store: Path) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("service")
    home = folder / "store"
    home.mkdir(mode=0o700)
    key = sealing.create_key(folder / "secrets" / "store.key")
    sealing.encrypt_copy(demo_store / DB_NAME, home / DB_NAME, key)
    for extra in demo_store.iterdir():
        if extra.is_file() and not extra.name.startswith(DB_NAME):
            shutil.copy2(extra, home / extra.name)
            (home / extra.name).chmod(0o600)
    base = load_settings(
        service={
            "argon2_time_cost": 1,
            "argon2_memory_kib": 64,
            "lockout_failures": 3,
            "max_upload_mb": 2,
            "body_timeout_s": 2,
        },
        audit={"head_every_records": 5, "head_every_s": 1},
    )
    settings, logins = prepare(base, folder, free_port())
    server.preflight(settings)
    root = App(settings)
    srv, thread = start(settings, root)
    svc = Service(
        f"https://127.0.0.1:{settings.service.port}",
        folder,
        settings,
        root,
        {x.user: x for x in logins},
        DevCA(folder / "pki"),
        srv,
        thread,
    )
    yield svc
    for client in svc.clients:
        client.close()
    srv.should_exit = True
    thread.join(timeout=30)
    root.close()
