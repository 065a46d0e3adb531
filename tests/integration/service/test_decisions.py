"""Decision files through the HTTP API: the staff builds a file, the chief of staff sets
the weights, only the commander (``decideur``) decides, the fiche exports as PDF; a DR
analyst learns nothing of a Secret file."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import yaml

from tests.integration.service.conftest import Service

DOC = "CR-reunion-coordination_2026-04-02.txt"
QUOTE = "Les positions de la batterie CAESAR du GTIA ne seront pas communiquées à la brigade"
WATCHED = "sera désormais surveillé en permanence"
DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"
SECRET = "SECRET – SPÉCIAL FRANCE"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


def _audit(service: Service, action: str, actor: str) -> list[dict[str, Any]]:
    rows = service.root.db.execute(
        "SELECT record FROM audit WHERE action = ? AND actor = ? ORDER BY seq", (action, actor)
    )
    return [json.loads(r["record"])["data"] for r in rows]


@pytest.fixture(scope="module")
def built(service: Service) -> str:
    """A DR file built through the API by a staff officer (analyste.s), element by element,
    then weighted by the chief of staff (chef.em)."""
    em = service.session("analyste.s")
    uid = str(_ok(em.post("/decisions", json={"title": "Gué de Lipno", "label": "DR"}))["id"])
    cite = {"refs": [{"doc": DOC, "quote": QUOTE}]}
    added = _ok(
        em.post(
            f"/decisions/{uid}/elements",
            json={"kind": "me", "fields": {"title": "Franchissement à Lipno", **cite}},
        )
    )
    assert added["element"] == "ME1" and added["file"]["version"] == 2
    ref = added["file"]["me"][0]["refs"][0]
    assert ref["label"] == DR and ref["grade"] and ref["chunk_id"]
    steps: list[tuple[str, dict[str, Any]]] = [
        ("elements", {"kind": "me", "fields": {"title": "Démonstration", "assumption": True}}),
        (
            "elements",
            {
                "kind": "evidence",
                "fields": {"text": "Gué surveillé", "refs": [{"doc": DOC, "quote": WATCHED}]},
            },
        ),
        ("ratings", {"item": "E1", "me": "ME1", "rating": "C"}),
        ("ratings", {"item": "E1", "me": "ME2", "rating": "II"}),
        ("elements", {"kind": "ma", "fields": {"title": "Défense ferme", "assumption": True}}),
        ("elements", {"kind": "ma", "fields": {"title": "Contre-attaque", "assumption": True}}),
        (
            "elements",
            {
                "kind": "criterion",
                "fields": {"title": "délais", "direction": "min", "assumption": True},
            },
        ),
        ("elements", {"kind": "criterion", "fields": {"title": "effet", "assumption": True}}),
        ("values", {"ma": "MA1", "criterion": "C1", "value": 6}),
        ("values", {"ma": "MA1", "criterion": "C2", "value": 3}),
        ("values", {"ma": "MA2", "criterion": "C1", "value": 4}),
        ("values", {"ma": "MA2", "criterion": "C2", "value": 2}),
        ("screening", {"ma": "MA1", "criterion": "réalisable", "ok": True, "why": "moyens"}),
        (
            "confrontation",
            {
                "ma": "MA1",
                "me": "ME1",
                "fields": {"action": "tenir", "reaction": "pont", "assumption": True},
            },
        ),
        ("mission", {"fields": {"lettre": "Interdire le franchissement", "assumption": True}}),
        ("effet", {"fields": {"text": "Empêcher le pont flottant", "assumption": True}}),
    ]
    for path, body in steps:
        _ok(em.post(f"/decisions/{uid}/{path}", json=body))
    denied = em.post(f"/decisions/{uid}/weights", json={"weights": {"C1": 0.6, "C2": 0.4}})
    _problem(denied, 403, "E-ACCESS-DENIED")
    chief = service.session("chef.em")
    file = _ok(chief.post(f"/decisions/{uid}/weights", json={"weights": {"C1": 0.6, "C2": 0.4}}))
    assert file["weights"]["set_by"] == "chef.em"
    assert file["weights"]["role"] == "chef_etat_major"
    return uid


def test_the_staff_builds_a_file_and_the_chief_of_staff_weights_it(
    service: Service, built: str
) -> None:
    reader = service.client("analyste.s")
    file = _ok(reader.get(f"/decisions/{built}"))
    assert file["label"] == DR and file["created_by"] == "analyste.s"
    assert [m["id"] for m in file["ma"]] == ["MA1", "MA2"]
    assert file["ma"][0]["screening"]["réalisable"]["ok"] is True
    assert file["effet_majeur"]["validated_by"] is None
    versions = _ok(reader.get(f"/decisions/{built}/history"))["versions"]
    assert len(versions) == file["version"] == 19
    assert versions[-1]["author"] == "chef.em" and versions[0]["version"] == 1
    first = _ok(reader.get(f"/decisions/{built}", params={"version": 1}))
    assert first["me"] == [] and first["version"] == 1, "old versions are kept"

    ach = _ok(reader.get(f"/decisions/{built}/ach"))
    assert ach["ranking"] == ["ME1", "ME2"] and ach["inconsistency"]["ME2"] > 0
    table = _ok(reader.get(f"/decisions/{built}/comparison"))
    assert table["ranking"] == ["MA2", "MA1"] and table["raw"]["MA1"] == {"C1": 6.0, "C2": 3.0}
    topsis = _ok(reader.get(f"/decisions/{built}/comparison", params={"method": "topsis"}))
    assert topsis["method"] == "topsis"
    limits = _ok(reader.get(f"/decisions/{built}/sensitivity"))
    assert {t["criterion"] for t in limits["thresholds"]} == {"C1", "C2"}
    assert set(limits) == {
        "file",
        "version",
        "method",
        "ranking",
        "thresholds",
        "sentences",
        "warnings",
    }
    found = _ok(reader.get(f"/decisions/{built}/evidence", params={"about": "ME1", "limit": 3}))
    assert found["about"] == "ME1" and 0 < len(found["passages"]) <= 3
    checked = _ok(reader.get(f"/decisions/{built}/check"))
    assert checked["verified"] == checked["citations"] == 2 and checked["failures"] == []

    # A DR analyst reads a DR file; the DR analyst is staff and may annotate it.
    dr = service.client("analyste.dr")
    assert built in {r["uid"] for r in _ok(dr.get("/decisions"))["files"]}
    critique = service.session("analyste.dr").post(
        f"/decisions/{built}/elements",
        json={
            "kind": "critique",
            "fields": {"text": "Et si le gué est piégé ?", "assumption": True},
        },
    )
    assert _ok(critique)["element"] == "AD1"
    removed = _ok(service.session("analyste.s").delete(f"/decisions/{built}/elements/AD1"))
    assert removed["critiques"] == []


def test_bad_edits_are_refused_with_their_code_and_nothing_is_written(
    service: Service, built: str
) -> None:
    em = service.session("analyste.s")
    before = _ok(em.get(f"/decisions/{built}"))["version"]
    no_source = em.post(
        f"/decisions/{built}/elements", json={"kind": "me", "fields": {"title": "Sans source"}}
    )
    assert "présupposition" in _problem(no_source, 409, "E-DECISION")["title"]
    forged = em.post(
        f"/decisions/{built}/elements",
        json={"kind": "ma", "fields": {"title": "X", "assumption": True, "origin": "IA"}},
    )
    _problem(forged, 409, "E-DECISION")
    _problem(
        em.post(f"/decisions/{built}/decide", json={"choice": "MA1", "reason": "x"}),
        403,
        "E-ACCESS-DENIED",
    )
    bad = em.post(f"/decisions/{built}/weights", json={"weights": {"C1": "beaucoup"}})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    too_many = em.post(
        f"/decisions/{built}/elements",
        json={"kind": "me", "fields": {f"k{i}": i for i in range(100)}},
    )
    assert too_many.status_code == 422
    for trick in ("..%2F..%2Fusers", "%2Fetc%2Fpasswd", "-x", "DD%00X"):
        assert em.get(f"/decisions/{trick}").status_code in (404, 422), trick
    assert em.get(f"/decisions/{built}/elements/..%2FME1").status_code in (404, 405, 422)
    _problem(em.get("/decisions/DD-INCONNU"), 404, "E-DECISION-NOTFOUND")
    assert _ok(em.get(f"/decisions/{built}"))["version"] == before


def test_only_the_decideur_decides_and_every_refusal_is_audited(
    service: Service, built: str
) -> None:
    em = service.session("analyste.s")
    signed = _ok(
        em.post(f"/decisions/{built}/recommend", json={"ma": "MA2", "reason": "premier au tableau"})
    )
    assert signed["recommendation"]["by"] == "analyste.s"
    choice = {"choice": "MA1", "reason": "tenir le gué", "deviation": "pertes"}
    for name in ("analyste.s", "chef.em", "validateur.s"):
        denied = service.session(name).post(f"/decisions/{built}/decide", json=choice)
        _problem(denied, 403, "E-ACCESS-DENIED")
        refusals = _audit(service, "access.denied", name)
        assert any(r.get("what") == "inscrire la décision du chef" for r in refusals), name
    effet = service.session("chef.em").post(f"/decisions/{built}/effet/validate")
    _problem(effet, 403, "E-ACCESS-DENIED")

    chef = service.session("chef.gtia")
    no_reason = chef.post(f"/decisions/{built}/decide", json={**choice, "deviation": ""})
    assert "MA2" in _problem(no_reason, 409, "E-DECISION")["title"]
    _ok(chef.post(f"/decisions/{built}/effet/validate"))
    decided = _ok(chef.post(f"/decisions/{built}/decide", json=choice))
    d = decided["decision"]
    assert d["by"] == "chef.gtia" and d["choice"] == "MA1" and d["deviation"] is True
    [record] = [r for r in _audit(service, "decision.record", "chef.gtia") if r["file"] == built]
    assert record["hashes"] == d["hashes"] and record["deviation"] is True
    checked = _ok(service.client("chef.gtia").get(f"/decisions/{built}/check"))
    assert checked["decision_audit"] == []
    # Nothing else writes a decision: not an import, not an edit.
    exported = service.client("chef.gtia").get(
        f"/decisions/{built}/export", params={"format": "yaml"}
    )
    text = exported.text.replace("tenir le gué", "autre motif")
    again = em.post("/decisions/import", json={"yaml": text, "name": "x.yaml", "uid": built})
    _problem(again, 409, "E-DECISION")
    edit = em.post(f"/decisions/{built}/elements/MA1", json={"fields": {"decision": "MA1"}})
    _problem(edit, 409, "E-DECISION")


def test_the_fiche_exports_as_pdf_markdown_json_and_the_file_as_yaml(
    service: Service, built: str
) -> None:
    reader = service.client("analyste.s")
    pdf = reader.get(f"/decisions/{built}/export", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert f'filename="{built}-fiche.pdf"' in pdf.headers["content-disposition"]
    md = reader.get(f"/decisions/{built}/export", params={"format": "md"}).text
    assert md.startswith(f"**{DR}**") and "Fiche d'aide à la décision" in md
    fiche = reader.get(f"/decisions/{built}/export", params={"format": "json"}).json()
    assert fiche["schema"] == "egide.fiche-decision.v1" and fiche["id"] == built
    assert fiche["verification"]["verified"] == fiche["verification"]["citations"]
    exports = [r for r in _audit(service, "decision.export", "analyste.s") if r["file"] == built]
    assert {fmt for r in exports for fmt in r.get("formats", {})} >= {"pdf", "md", "json"}
    as_data = _ok(reader.get(f"/decisions/{built}/fiche"))
    assert as_data["sections"] == fiche["sections"]

    text = reader.get(f"/decisions/{built}/export", params={"format": "yaml"}).text
    assert yaml.safe_load(text)["id"] == built
    loaded = yaml.safe_load(text)
    for protected in ("weights", "recommendation", "decision"):
        loaded.pop(protected, None)
    for signature in ("validated_by", "validated_at"):
        loaded["effet_majeur"].pop(signature, None)
    copy = _ok(
        service.session("analyste.s").post(
            "/decisions/import",
            json={"yaml": yaml.safe_dump(loaded, allow_unicode=True), "name": "copie.yaml"},
        )
    )
    assert copy["id"] != built and copy["version"] == 1 and copy["created_by"] == "analyste.s"
    assert copy["me"][0]["refs"][0]["quote"] == QUOTE

    rules = _ok(reader.get(f"/decisions/{built}/watch"))
    assert rules["rules_yaml"].startswith("# DIFFUSION RESTREINTE")
    assert rules["summary"]["file"] == built and rules["summary"]["rules"] == []
    assert _ok(reader.get(f"/decisions/{built}/assumptions"))["alerts"] == []


def test_a_dr_analyst_learns_nothing_of_a_secret_file(service: Service) -> None:
    s = service.client("analyste.s")
    [demo] = [r for r in _ok(s.get("/decisions"))["files"] if "Virna" in r["title"]]
    uid = demo["uid"]
    secret = _ok(s.get(f"/decisions/{uid}"))
    assert secret["label"] == SECRET
    secret_quotes = [ref["quote"] for ref in _refs(secret) if ref["label"] == SECRET]
    assert secret_quotes

    dr = service.client("analyste.dr")
    dr_post = service.session("analyste.dr")
    assert uid not in {r["uid"] for r in _ok(dr.get("/decisions"))["files"]}
    responses = [
        dr.get(f"/decisions/{uid}"),
        dr.get(f"/decisions/{uid}", params={"version": 1}),
        dr.get(f"/decisions/{uid}/fiche"),
        dr.get(f"/decisions/{uid}/history"),
        dr.get(f"/decisions/{uid}/export", params={"format": "pdf"}),
        dr.get(f"/decisions/{uid}/export", params={"format": "yaml"}),
        dr.get(f"/decisions/{uid}/ach"),
        dr.get(f"/decisions/{uid}/comparison"),
        dr.get(f"/decisions/{uid}/sensitivity"),
        dr.get(f"/decisions/{uid}/evidence", params={"about": "ME1"}),
        dr.get(f"/decisions/{uid}/watch"),
        dr.get(f"/decisions/{uid}/assumptions"),
        dr.get(f"/decisions/{uid}/check"),
        dr.get(f"/decisions/{uid}/proposals"),
        dr_post.post(
            f"/decisions/{uid}/elements",
            json={"kind": "critique", "fields": {"text": "x", "assumption": True}},
        ),
        dr_post.post(f"/decisions/{uid}/ratings", json={"item": "E1", "me": "ME1", "rating": "C"}),
        dr_post.delete(f"/decisions/{uid}/elements/ME1"),
        dr_post.post(f"/decisions/{uid}/recommend", json={"ma": "MA1", "reason": "x"}),
    ]
    for r in responses:
        _problem(r, 404, "E-DECISION-NOTFOUND")
        blob = r.text + repr(dict(r.headers))
        for mark in [secret["title"], *secret_quotes]:
            assert mark not in blob
    assert _ok(s.get(f"/decisions/{uid}"))["version"] == secret["version"]


def _refs(file: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(r for r in node.get("refs", []) if isinstance(r, dict))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(file)
    return found
