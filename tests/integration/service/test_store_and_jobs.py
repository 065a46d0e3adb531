"""Ingest by upload as a background job, into an encrypted store that holds no plaintext;
signed heads in the witness; audit verification against it."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from egide.store.db import DB_NAME, is_encrypted
from tests.integration.service.conftest import Service

CANARY = "CANARI-SCELLÉ-90417"


def wait_job(client: httpx.Client, job: dict[str, Any], timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while job["status"] not in {"done", "failed"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = client.get(f"/jobs/{job['id']}").json()
    return job


def test_upload_ingests_in_the_background_into_a_sealed_store(service: Service) -> None:
    client = service.session("analyste.s")
    text = f"Rapport de la patrouille : {CANARY} observé près du gué de Virna.\n" * 3
    r = client.post(
        "/ingest",
        data={"label": "SECRET", "grade": "B2", "source": "patrouille"},
        files=[
            ("files", ("rapport.txt", text.encode(), "text/plain")),
            ("files", ("../../etc/casse.pdf", b"%PDF-1.7 pas un pdf", "application/pdf")),
        ],
    )
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json())
    assert job["status"] == "done" and job["label"].startswith("SECRET")
    result = job["result"]
    assert result["ingested"] == 1 and len(result["failed"]) == 1
    assert result["failed"][0]["code"].startswith("E-INGEST")
    # Recorded and reported under the client's names, never the service's own paths.
    assert result["failed"][0]["path"] == "../../etc/casse.pdf"
    # The S analyst finds it; the DR analyst does not, and cannot read the job.
    hits = client.get("/search", params={"q": CANARY}).json()["results"]
    assert hits and CANARY in hits[0]["chunk"]["text"]
    assert hits[0]["document"]["path"] == "rapport.txt"
    dr = service.client("analyste.dr")
    assert not [
        h for h in dr.get("/search", params={"q": CANARY}).json()["results"]
        if CANARY in h["chunk"]["text"]
    ]
    assert dr.get(f"/jobs/{job['id']}").status_code == 404
    # No byte of the store's files holds the canary in clear.
    home = service.settings.home
    assert is_encrypted(home / DB_NAME)
    service.root.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CANARY.encode() not in data and CANARY.encode("utf-16-le") not in data, path
    # The uploaded files are gone once ingested.
    assert not list((home / "uploads").glob("*/*"))


def test_job_progress_streams_as_events(service: Service) -> None:
    client = service.session("analyste.s")
    r = client.post("/index")
    assert r.status_code == 202
    job = r.json()
    events = []
    with client.stream("GET", f"/jobs/{job['id']}/events") as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
                if events[-1]["status"] in {"done", "failed"}:
                    break
    assert events[-1]["status"] == "done" and "vectors" in events[-1]["result"]


def test_signed_heads_reach_the_witness_and_verify(service: Service) -> None:
    officer = service.session("officier.securite")
    for _ in range(6):
        service.client("analyste.dr").get("/search", params={"q": "pont"})
    heads_file = service.settings.audit.witness
    assert heads_file is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        heads = [json.loads(x) for x in heads_file.read_text().splitlines() if x.strip()]
        if len(heads) >= 2:
            break
        time.sleep(0.2)
    assert len(heads) >= 2 and heads[-1]["size"] > heads[0]["size"]
    report = officer.post("/audit/verify", json={}).json()
    assert report["ok"] is True and report["witness_heads"] >= 2


def test_watch_batches_raise_alerts_on_the_board(service: Service) -> None:
    import base64
    import threading

    rules = (
        "version: 1\nrules:\n  - id: R-ESSAI\n    priority: URGENT\n"
        "    when:\n      any: [alerte]\n"
    )
    seen: list[dict[str, Any]] = []
    ready = threading.Event()

    def listen() -> None:
        with service.client("analyste.dr").stream("GET", "/alerts/stream", timeout=30) as s:
            for line in s.iter_lines():
                ready.set()
                if line.startswith("data:"):
                    seen.append(json.loads(line[5:]))
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(10)
    client = service.session("analyste.dr")
    lines = [
        json.dumps({"id": "b1", "text": "alerte au pont", "label": "NP"}),
        json.dumps({"id": "b2", "text": "rien à signaler", "label": "NP"}),
        json.dumps({"id": "b3", "text": "alerte secrète", "label": "SECRET"}),
    ]
    r = client.post(
        "/watch/essai/batch",
        json={
            "rules": rules,
            "records": [{"data": base64.b64encode(x.encode()).decode()} for x in lines],
        },
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert [x["id"] for x in answer["lines"]] == ["b1"]
    assert answer["stats"]["withheld"] == 1
    thread.join(10)
    assert seen and seen[0]["body"]["id"] == "b1" and seen[0]["consumer"] == "analyste.dr.essai"
