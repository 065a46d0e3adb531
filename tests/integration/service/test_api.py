"""The HTTP API on a real service: identity by certificate, password and token; what
each clearance sees; errors as problem details."""

from __future__ import annotations

from tests.integration.service.conftest import Service


def test_health_needs_no_identity_and_says_nothing_of_content(service: Service) -> None:
    r = service.client().get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_no_identity_is_refused_with_a_problem(service: Service) -> None:
    r = service.client().get("/search", params={"q": "pont"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "E-AUTH" and body["status"] == 401 and body["title"]


def test_certificate_identifies_the_user_and_terminal(service: Service) -> None:
    me = service.client("analyste.dr").get("/me").json()
    assert me["name"] == "analyste.dr" and me["clearance"] == "DR"
    assert me["terminal"] == "poste-demo" and me["via"] == "cert"


def test_dr_and_s_users_see_what_their_clearance_allows(service: Service) -> None:
    dr = service.client("analyste.dr").get("/search", params={"q": "pont de Sarvik"}).json()
    s = service.client("analyste.s").get("/search", params={"q": "pont de Sarvik"}).json()
    dr_labels = {hit["label"] for hit in dr["results"]}
    assert dr["results"] and dr_labels <= {"NON PROTÉGÉ", "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"}
    assert any("SECRET" in hit["label"] for hit in s["results"])
    dr_stats = service.client("analyste.dr").get("/stats").json()
    s_stats = service.client("analyste.s").get("/stats").json()
    assert dr_stats["documents"] < s_stats["documents"]


def test_password_session_with_csrf(service: Service) -> None:
    client = service.session("analyste.s")
    cookie = client.cookies.get("egide_session")
    assert cookie
    assert client.get("/me").json()["via"] == "session"
    without = service.client()
    without.cookies.set("egide_session", cookie)
    r = without.post("/briefs", json={"question": "pont de Sarvik", "engine": "extractive"})
    assert r.status_code == 403 and r.json()["code"] == "E-CSRF"
    r = client.post("/briefs", json={"question": "pont de Sarvik", "engine": "extractive"})
    assert r.status_code == 200, r.text
    assert r.json()["requester"] == "analyste.s"
    assert client.delete("/session").json()["closed"] is True
    assert client.get("/me").status_code == 401


def test_set_cookie_is_secure_httponly_strict(service: Service) -> None:
    r = service.client().post(
        "/session",
        json={"user": "analyste.dr", "password": service.logins["analyste.dr"].password},
    )
    header = r.headers["set-cookie"].lower()
    assert "secure" in header and "httponly" in header and "samesite=strict" in header


def test_english_problem_texts_on_request(service: Service) -> None:
    r = service.client(lang="en").get("/me")
    assert r.json()["code"] == "E-AUTH" and r.json()["title"].startswith("Authentication")
