"""Certificates, passwords and tokens that must be refused, each with a clear answer."""

from __future__ import annotations

import ssl
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from egide.service.pki import DevCA
from tests.integration.service.conftest import Service


def _handshake_refused(service: Service, cert: str, key: str) -> bool:
    context = ssl.create_default_context(cafile=str(service.settings.service.client_ca))
    context.load_cert_chain(cert, key)
    with httpx.Client(base_url=service.url, verify=context, timeout=10) as client:
        try:
            client.get("/api/v1/me")
        except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError):
            return True
    return False


def test_expired_certificate_is_refused(service: Service) -> None:
    old = service.ca.client(
        "analyste.s", days=1, start=datetime.now(UTC) - timedelta(days=10)
    )
    assert _handshake_refused(service, str(old.cert), str(old.key))


def test_certificate_of_a_foreign_ca_is_refused(service: Service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    foreign = DevCA(tmp_path / "foreign", "Autre autorité").client("analyste.s")
    assert _handshake_refused(service, str(foreign.cert), str(foreign.key))


def test_revoked_certificate_is_refused_without_restart(service: Service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = service.folder / "pki"
    issued = DevCA(folder).client("analyste.dr", days=30)
    # The new certificate works…
    client = service.client(cert=(str(issued.cert), str(issued.key)))
    assert client.get("/me").status_code == 200
    # …until the CRL names it: the service re-reads the list at the next request.
    service.ca.crl([issued.serial], service.settings.service.crl)
    fresh = service.client(cert=(str(issued.cert), str(issued.key)))
    r = fresh.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "E-AUTH"
    service.ca.crl([], service.settings.service.crl)


def test_certificate_naming_no_user_is_refused(service: Service) -> None:
    stranger = service.ca.client("inconnu")
    r = service.client(cert=(str(stranger.cert), str(stranger.key))).get("/me")
    assert r.status_code == 401 and r.json()["code"] == "E-AUTH"


def test_repeated_bad_passwords_lock_the_account(service: Service) -> None:
    client = service.client()
    codes = [
        client.post("/session", json={"user": "officier.otan", "password": "mauvais"}).json()[
            "code"
        ]
        for _ in range(4)
    ]
    assert codes[:3] == ["E-AUTH"] * 3 and codes[3] == "E-AUTH-LOCKED"
    right = service.logins["officier.otan"].password
    locked = client.post("/session", json={"user": "officier.otan", "password": right})
    assert locked.status_code == 429 and locked.json()["code"] == "E-AUTH-LOCKED"
    actions = [
        r[0]
        for r in service.root.db.execute(
            "SELECT action FROM audit WHERE actor = 'officier.otan' ORDER BY seq"
        )
    ]
    assert "auth.failed" in actions and "auth.lockout" in actions
    service.root.db.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = 'officier.otan'"
    )


def test_unknown_user_and_wrong_password_answer_alike(service: Service) -> None:
    client = service.client()
    a = client.post("/session", json={"user": "personne", "password": "x"}).json()
    b = client.post("/session", json={"user": "analyste.dr", "password": "x"}).json()
    assert a["code"] == b["code"] == "E-AUTH" and a["title"] == b["title"]
    service.root.db.execute("UPDATE users SET failed_logins = 0 WHERE name = 'analyste.dr'")


def test_tokens_are_scoped_expiring_and_revocable(service: Service) -> None:
    owner = service.session("analyste.s")
    made = owner.post("/tokens", json={"scopes": ["read"], "days": 1}).json()
    secret = made["secret"]
    stored = service.root.db.execute(
        "SELECT token_sha256 FROM api_tokens WHERE id = ?", (made["id"],)
    ).fetchone()[0]
    assert secret not in stored and len(stored) == 64  # kept hashed
    reader = service.client(token=secret)
    assert reader.get("/me").json()["name"] == "analyste.s"
    r = reader.post("/briefs", json={"question": "pont"})
    assert r.status_code == 403 and r.json()["code"] == "E-TOKEN-SCOPE"
    assert owner.delete(f"/tokens/{made['id']}").json()["revoked"] is True
    assert reader.get("/me").status_code == 401
    # A token past its lifetime is refused too (this one lives under a second).
    made = owner.post("/tokens", json={"scopes": ["read", "write"], "days": 1e-5}).json()
    short = service.client(token=made["secret"])
    deadline = time.monotonic() + 10
    while short.get("/me").status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    r = short.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "E-AUTH"


@pytest.mark.parametrize("scopes", [["admin"], []])
def test_token_scopes_are_checked(service: Service, scopes: list[str]) -> None:
    owner = service.session("analyste.dr")
    r = owner.post("/tokens", json={"scopes": scopes, "days": 1})
    if scopes:
        assert r.status_code == 400 and r.json()["code"] == "E-USER"
    else:
        assert r.json()["scopes"] == ["read"]


def test_a_token_row_forged_with_sqlite_is_refused(service: Service) -> None:
    import hashlib

    secret = "egt_forged-token-000000000000000000000000000"
    service.root.db.execute(
        "INSERT INTO api_tokens (id, user, token_sha256, scopes, created_at, expires_at, mac)"
        " VALUES ('tok-forged', 'admin.demo', ?, '[\"read\",\"write\"]', 'x',"
        " '2999-01-01T00:00:00.000000Z', 'not-a-mac')",
        (hashlib.sha256(secret.encode()).hexdigest(),),
    )
    r = service.client(token=secret).get("/me")
    assert r.status_code == 500 and r.json()["code"] == "E-REGISTRY-TAMPER"
    service.root.db.execute("DELETE FROM api_tokens WHERE id = 'tok-forged'")
