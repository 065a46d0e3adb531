"""Decision files through the HTTP API, for those who may not act: each role is refused
what it may not do (403, audited, nothing written), and an analyst cleared DR learns
nothing of a Secret element — not its text, not that it exists, not through a count
or an error."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.integration.service.conftest import Service
from tests.integration.service.test_decisions import (
    DOC,
    DR,
    QUOTE,
    SECRET,
    _ok,
    _problem,
    _refs,
)

UNKNOWN = "DD-20000101-000000"


def _denials(service: Service, actor: str) -> list[dict[str, Any]]:
    rows = service.root.db.execute(
        "SELECT a.record, l.canonical AS label FROM audit a JOIN labels l ON l.id = a.label_id"
        " WHERE a.action = 'access.denied' AND a.actor = ? ORDER BY a.seq",
        (actor,),
    )
    return [{**json.loads(r["record"])["data"], "label": r["label"]} for r in rows]


@pytest.fixture(scope="module")
def small(service: Service) -> str:
    """A DR file with two MA, one criterion, its values and an effet majeur."""
    em = service.session("analyste.s")
    uid = str(_ok(em.post("/decisions", json={"title": "Rôles", "label": "DR"}))["id"])
    steps: list[tuple[str, dict[str, Any]]] = [
        ("elements", {"kind": "me", "fields": {"title": "Franchissement", "assumption": True}}),
        ("elements", {"kind": "ma", "fields": {"title": "Tenir", "assumption": True}}),
        ("elements", {"kind": "ma", "fields": {"title": "Freiner", "assumption": True}}),
        ("elements", {"kind": "criterion", "fields": {"title": "délais", "assumption": True}}),
        ("values", {"ma": "MA1", "criterion": "C1", "value": 2}),
        ("values", {"ma": "MA2", "criterion": "C1", "value": 3}),
        ("effet", {"fields": {"text": "Interdire le gué", "assumption": True}}),
    ]
    for path, body in steps:
        _ok(em.post(f"/decisions/{uid}/{path}", json=body))
    return uid


def test_each_role_is_refused_what_it_may_not_do_and_the_refusal_is_audited(
    service: Service, small: str
) -> None:
    staff_only = ("validateur.s", "chef.gtia", "officier.securite", "admin.demo")
    weighers_only = ("analyste.s", "analyste.dr", "validateur.s", "officier.securite")
    decideur_only = ("analyste.s", "chef.em", "validateur.s", "officier.securite", "admin.demo")
    attempts: list[tuple[str, dict[str, Any] | None, tuple[str, ...]]] = [
        ("/decisions", {"title": "Intrus", "label": "DR"}, staff_only),
        ("/decisions/import", {"yaml": "title: Intrus\n", "name": "x.yaml"}, staff_only),
        (
            f"/decisions/{small}/elements",
            {
                "kind": "critique",
                "fields": {"text": "Et si le gué est piégé ?", "assumption": True},
            },
            staff_only,
        ),
        (f"/decisions/{small}/recommend", {"ma": "MA1", "reason": "premier"}, staff_only),
        (f"/decisions/{small}/draft", None, staff_only),
        (f"/decisions/{small}/proposals/P1/accept", None, staff_only),
        (f"/decisions/{small}/weights", {"weights": {"C1": 1.0}}, weighers_only),
        (f"/decisions/{small}/effet/validate", None, decideur_only),
        (
            f"/decisions/{small}/decide",
            {"choice": "MA1", "reason": "tenir", "deviation": "x"},
            decideur_only,
        ),
    ]
    everyone = {name for _, _, names in attempts for name in names}
    before = {name: len(_denials(service, name)) for name in everyone}
    refused = dict.fromkeys(everyone, 0)
    sessions = {name: service.session(name) for name in everyone}
    reader = service.client("analyste.s")
    files_before = len(_ok(reader.get("/decisions"))["files"])
    version = _ok(reader.get(f"/decisions/{small}"))["version"]
    for path, body, names in attempts:
        for name in names:
            answer = sessions[name].post(path, json=body)
            _problem(answer, 403, "E-ACCESS-DENIED")
            refused[name] += 1
    for name in everyone:
        denials = _denials(service, name)
        assert len(denials) == before[name] + refused[name], name
        assert all(d["reason"].startswith("role ") for d in denials[before[name] :]), name
    assert _ok(reader.get(f"/decisions/{small}"))["version"] == version
    assert len(_ok(reader.get("/decisions"))["files"]) == files_before

    # Those who may, can: the chief of staff weighs, the staff proposes, the commander
    # validates and decides.
    _ok(sessions["analyste.dr"].post(f"/decisions/{small}/elements", json=attempts[2][1]))
    _ok(service.session("chef.em").post(f"/decisions/{small}/weights", json={"weights": {"C1": 1}}))
    _ok(service.session("analyste.s").post(f"/decisions/{small}/recommend", json=attempts[3][1]))
    chef = service.session("chef.gtia")
    _ok(chef.post(f"/decisions/{small}/effet/validate"))
    decided = _ok(chef.post(f"/decisions/{small}/decide", json=attempts[-1][1]))
    assert decided["decision"]["by"] == "chef.gtia"


def _put(body: dict[str, Any], uid: str) -> dict[str, Any]:
    return {k: v.replace("{}", uid) if isinstance(v, str) else v for k, v in body.items()}


def _same_but_names(a: httpx.Response, b: httpx.Response, names: dict[str, str]) -> None:
    """Two refusals alike, but for the names the asker gave (the asker's own words)."""
    assert (a.status_code, a.headers["content-type"]) == (b.status_code, b.headers["content-type"])
    text = a.text
    for mine, other in names.items():
        text = text.replace(mine, other)
    assert text == b.text


def test_an_analyst_cleared_dr_learns_nothing_of_a_secret_element(service: Service) -> None:
    s, dr = service.session("analyste.s"), service.session("analyste.dr")
    [demo] = [r for r in _ok(s.get("/decisions"))["files"] if "Virna" in r["title"]]
    [secret_ref, *_] = [
        r for r in _refs(_ok(s.get(f"/decisions/{demo['uid']}"))) if r["label"] == SECRET
    ]
    secret_doc, secret_quote = secret_ref["doc"], secret_ref["quote"]

    uid = str(_ok(s.post("/decisions", json={"title": "Gué nord", "label": "DR"}))["id"])
    cite = {"kind": "me", "fields": {"title": "Passage", "refs": [{"doc": DOC, "quote": QUOTE}]}}
    assert _ok(s.post(f"/decisions/{uid}/elements", json=cite))["file"]["label"] == DR
    seen = {r["uid"] for r in _ok(dr.get("/decisions"))["files"]}
    assert uid in seen and demo["uid"] not in seen

    # Citing the Secret passage is refused exactly like citing a document that is not there.
    def citing(doc: str) -> httpx.Response:
        fields = {"text": "Renfort", "refs": [{"doc": doc, "quote": secret_quote}]}
        return dr.post(f"/decisions/{uid}/elements", json={"kind": "evidence", "fields": fields})

    hidden, absent = citing(secret_doc), citing("absent.txt")
    _problem(hidden, 422, "E-CITATION")
    _same_but_names(hidden, absent, {secret_doc: "absent.txt"})
    found = _ok(dr.get(f"/decisions/{uid}/evidence", params={"about": secret_quote}))
    assert all(p["label"] != SECRET and secret_quote not in p["text"] for p in found["passages"])

    # The S analyst cites it: the element marks the whole file Secret.
    evidence = {"text": "Renfort", "refs": [{"doc": secret_doc, "quote": secret_quote}]}
    added = _ok(s.post(f"/decisions/{uid}/elements", json={"kind": "evidence", "fields": evidence}))
    assert added["file"]["label"] == SECRET and added["file"]["version"] == 3
    assert {r["uid"] for r in _ok(dr.get("/decisions"))["files"]} == seen - {uid}

    # Every door answers as for a file that never existed: same status, code and text.
    doors: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/decisions/{}", None),
        ("GET", "/decisions/{}?version=2", None),
        ("GET", "/decisions/{}/history", None),
        ("GET", "/decisions/{}/fiche", None),
        ("GET", "/decisions/{}/export?format=yaml", None),
        ("GET", "/decisions/{}/comparison", None),
        ("POST", "/decisions/{}/elements", cite),
        ("POST", "/decisions/import", {"yaml": "title: x\n", "name": "x.yaml", "uid": "{}"}),
    ]
    denials = len(_denials(service, "analyste.dr"))
    for method, path, body in doors:
        answers = []
        for target in (uid, UNKNOWN):
            sent = None if body is None else _put(body, target)
            answers.append(dr.request(method, path.format(target), json=sent))
        _problem(answers[0], 404, "E-DECISION-NOTFOUND")
        _same_but_names(answers[0], answers[1], {uid: UNKNOWN})
        for mark in (secret_quote, "Renfort"):
            assert mark not in answers[0].text + repr(dict(answers[0].headers))
    # Only those cleared for the file learn that someone knocked.
    knocks = _denials(service, "analyste.dr")[denials:]
    assert len(knocks) == len(doors) and {k["label"] for k in knocks} == {SECRET}
    assert all(k["file"] == uid for k in knocks)
    assert _ok(s.get(f"/decisions/{uid}"))["version"] == 3
