"""Bad requests get a clear coded answer, and nothing is stored half-way."""

from __future__ import annotations

import socket
import ssl
import time

from tests.integration.service.conftest import Service


def _count(service: Service, table: str) -> int:
    return int(service.root.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_oversized_upload_is_413_and_stores_nothing(service: Service) -> None:
    client = service.session("analyste.s")
    before = (_count(service, "jobs"), _count(service, "documents"))
    big = b"x" * (3 * 1024 * 1024)
    r = client.post(
        "/ingest",
        data={"label": "SECRET"},
        files={"files": ("gros.txt", big, "text/plain")},
    )
    assert r.status_code == 413 and r.json()["code"] == "E-TOO-LARGE"
    assert (_count(service, "jobs"), _count(service, "documents")) == before
    assert not list((service.settings.home / "uploads").glob("*/*")) if (
        service.settings.home / "uploads"
    ).exists() else True


def test_streamed_body_beyond_the_limit_is_413(service: Service) -> None:
    client = service.session("analyste.s")

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"y" * (100 * 1024)

    r = client.post(
        "/briefs",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413 and r.json()["code"] == "E-TOO-LARGE"


def test_malformed_json_and_parameters_are_problems(service: Service) -> None:
    client = service.session("analyste.s")
    r = client.post(
        "/briefs", content=b"{pas du json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422 and r.json()["code"] == "E-REQUEST"
    assert r.headers["content-type"].startswith("application/problem+json")
    r = client.get("/search", params={"q": "pont", "limit": -3})
    assert r.status_code == 422 and "limit" in r.json()["title"]
    r = client.post("/briefs", json={"question": "", "engine": "magique"})
    assert r.status_code == 422 and r.json()["code"] == "E-REQUEST"


def test_unknown_ids_and_path_tricks(service: Service) -> None:
    client = service.client("analyste.s")
    r = client.get("/products/FS-20000101-000000")
    assert r.status_code == 404 and r.json()["code"] == "E-PRODUCT-NOTFOUND"
    for tricky in ("..%2F..%2Fetc%2Fpasswd", "%00", "a%20b", "-x"):
        r = client.get(f"/products/{tricky}")
        assert r.status_code in {404, 422}, (tricky, r.status_code)
        assert r.json()["code"] in {"E-NOT-FOUND", "E-REQUEST"}
    r = client.get("/jobs/job-000000000000")
    assert r.status_code == 404 and r.json()["code"] == "E-NOT-FOUND"
    r = client.get("/nulle-part")
    assert r.status_code == 404 and r.json()["code"] == "E-NOT-FOUND"


def test_slow_body_times_out_with_408(service: Service) -> None:
    login = service.logins["analyste.s"]
    context = ssl.create_default_context(cafile=str(service.settings.service.client_ca))
    context.load_cert_chain(login.cert, login.key)
    port = service.settings.service.port
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw, context.wrap_socket(
        raw, server_hostname="127.0.0.1"
    ) as tls:
        tls.sendall(
            b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user\":"
        )
        start = time.monotonic()
        answer = b""
        while b"E-SLOW-BODY" not in answer:
            chunk = tls.recv(4096)
            if not chunk:
                break
            answer += chunk
        waited = time.monotonic() - start
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert b"E-SLOW-BODY" in answer and waited >= 1.5


def test_state_change_without_csrf_token_is_refused(service: Service) -> None:
    client = service.session("analyste.s")
    del client.headers["X-CSRF-Token"]
    r = client.post("/tokens", json={"scopes": ["read"], "days": 1})
    assert r.status_code == 403 and r.json()["code"] == "E-CSRF"
    # A certificate alone does not change state either (a session is needed).
    r = service.client("analyste.s").post("/tokens", json={"scopes": ["read"], "days": 1})
    assert r.status_code == 403 and r.json()["code"] == "E-CSRF"
