"""Every route of the OpenAPI document, walked as a DR analyst against a store holding
Secret content: no Secret byte in any response body, header or error."""

from __future__ import annotations

import re
from typing import Any

import httpx

from egide.security.access import may_read
from egide.security.principals import Authority
from egide.store import users
from egide.store.labels import label_by_id
from tests.integration.service.conftest import Service
from tests.integration.service.test_store_and_jobs import wait_job

CANARY = "CANARI-FUITE-55213"
WORDS = "BASALTE"


def _secret_markers(service: Service) -> list[str]:
    """30-character excerpts of Secret chunks found in no chunk a DR analyst may read."""
    db = service.root.db
    user = users.by_name(db, "analyste.dr", service.root.seal)
    assert user is not None
    dr = Authority.of(user)
    secret, visible = [], []
    for row in db.execute("SELECT text, label_id FROM chunks"):
        (visible if may_read(dr, label_by_id(db, row["label_id"])) else secret).append(
            row["text"]
        )
    readable = "\n".join(visible)
    markers = []
    for text in secret:
        middle = len(text) // 2
        piece = text[middle : middle + 30]
        if len(piece) == 30 and piece not in readable:
            markers.append(piece)
    return markers


def _value(name: str, schema: dict[str, Any], ids: dict[str, list[str]]) -> Any:
    kind = schema.get("type")
    if name in ids:
        return ids[name][0]
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return _value(name, schema["anyOf"][0], ids)
    if kind == "object":
        return {}
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if name == "question":
        return f"{WORDS} pont"
    return "pont"


def _body(operation: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any] | None:
    content = (operation.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema")
    if schema is None:
        return None
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return {
        key: _value(key, prop, {})
        for key, prop in (schema.get("properties") or {}).items()
        if key in schema.get("required", [])
    }


def test_every_route_as_a_dr_analyst_leaks_no_secret(service: Service) -> None:
    s = service.session("analyste.s")
    job = s.post(
        "/ingest",
        data={"label": "SECRET"},
        files={"files": ("basalte.txt", f"Opération {WORDS} : {CANARY} au pont.".encode())},
    ).json()
    job = wait_job(s, job)
    assert job["status"] == "done", job
    brief = s.post("/briefs", json={"question": f"{WORDS} {CANARY}", "engine": "extractive"})
    product = brief.json()["id"]
    token = s.post("/tokens", json={"scopes": ["read"], "days": 1}).json()["id"]
    decision = _secret_decision(s)
    markers = [CANARY, *_secret_markers(service)]
    assert len(markers) > 10

    dr_get = service.client("analyste.dr")
    dr_post = service.session("analyste.dr")
    spec = dr_get.get("/openapi.json").json()
    ids = {
        "uid": [product, decision],
        "element": ["ME1"],
        "pid": ["P1"],
        "ident": [job["id"], token],
        "name": ["analyste.s"],
        "consumer": ["watch"],
        "alert_id": ["x"],
        "seq": ["1"],
        "old": ["1"],
    }
    walked = []
    routes = [(p, m, op) for p, ms in spec["paths"].items() for m, op in ms.items()]
    routes.sort(key=lambda r: (r[0].endswith("/session") and r[1] == "delete", r[0]))
    for path, method, operation in routes:
        names = re.findall(r"{(\w+)}", path)
        choices = [ids.get(n, ["x"]) for n in names]
        variants = [dict(zip(names, combo, strict=True)) for combo in _product(choices)]
        for values in variants or [{}]:
            url = path.removeprefix("/api/v1").format(**values)
            params = {
                p["name"]: _value(p["name"], p.get("schema", {}), {"q": [WORDS]})
                for p in operation.get("parameters", [])
                if p["in"] == "query"
            }
            client = dr_get if method == "get" else dr_post
            if path.endswith("/stream"):
                response = _first_event(client, url)
            else:
                response = client.request(
                    method.upper(), url, params=params, json=_body(operation, spec)
                )
            walked.append(f"{method.upper()} {path}")
            if values.get("uid") == decision:  # the route ran, and refused
                assert response.status_code in (403, 404), (method, url, response.text)
            blob = response.text + repr(dict(response.headers))
            for marker in markers:
                assert marker not in blob, (method, url, marker)
            assert response.status_code < 500 or response.json()["code"] != "E-INTERNAL"
    assert len(set(walked)) == sum(len(m) for m in spec["paths"].values())
    print("\n".join(sorted(set(walked))))


def _secret_decision(s: httpx.Client) -> str:
    """A Secret decision file that carries the canary in its title and in each of its
    elements (ME1, E1 rated against ME1, MA1, C1)."""
    uid = s.post("/decisions", json={"title": f"{WORDS} {CANARY}", "label": "SECRET"})
    uid.raise_for_status()
    ident = uid.json()["id"]
    for kind, fields in (
        ("me", {"title": f"{CANARY} franchissement", "assumption": True}),
        ("evidence", {"text": f"{CANARY} élément", "assumption": True}),
        ("ma", {"title": f"{CANARY} défense", "assumption": True}),
        ("criterion", {"title": f"{CANARY} délais", "assumption": True}),
    ):
        added = s.post(f"/decisions/{ident}/elements", json={"kind": kind, "fields": fields})
        assert added.status_code == 200, added.text
    rated = s.post(f"/decisions/{ident}/ratings", json={"item": "E1", "me": "ME1", "rating": "C"})
    assert rated.status_code == 200, rated.text
    return str(ident)


def _product(choices: list[list[str]]) -> list[tuple[str, ...]]:
    import itertools

    return list(itertools.product(*choices))


def _first_event(client: httpx.Client, url: str) -> httpx.Response:
    """Open an event stream, read its first bytes and close it."""
    with client.stream("GET", url, timeout=5) as stream:
        first = next(stream.iter_raw(), b"")
        return httpx.Response(stream.status_code, headers=stream.headers, content=first)
