"""The command line as a client of a real ``egide serve`` (a separate process): the same
output as in local mode, errors with the same codes, watch alerts on the service's board;
the service's security settings untouched by its environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from egide.service.pki import DevCA
from tests.conftest import REPO
from tests.e2e.conftest import Result, egide_env
from tests.integration.service.conftest import free_port

DR = "DIFFUSION RESTREINTE – SPÉCIAL FRANCE"


@dataclass
class Served:
    url: str
    folder: Path
    home: Path
    ca: DevCA
    certs: dict[str, tuple[str, str]]
    process: subprocess.Popen[bytes]

    def client_env(self, user: str) -> dict[str, str]:
        cert, key = self.certs[user]
        return {
            "EGIDE_URL": self.url,
            "EGIDE_CLIENT__CERT": cert,
            "EGIDE_CLIENT__KEY": key,
            "EGIDE_CLIENT__CA": str(self.ca.cert_path),
        }

    def run(self, *args: str, user: str, remote: bool = True, stdin: str | None = None) -> Result:
        env = egide_env(self.home, None if remote else user)
        if remote:
            env.pop("EGIDE_HOME")
            env.update(self.client_env(user))
        proc = subprocess.run(
            [sys.executable, "-m", "egide", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            cwd=self.folder,
            input=stdin,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def http(self, user: str) -> httpx.Client:
        import ssl

        context = ssl.create_default_context(cafile=str(self.ca.cert_path))
        context.load_cert_chain(*self.certs[user])
        return httpx.Client(base_url=self.url + "/api/v1", verify=context, timeout=60)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_store: Path) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    home = folder / "store"
    shutil.copytree(demo_store, home)
    home.chmod(0o700)
    for path in home.iterdir():
        path.chmod(0o600)
    ca = DevCA(folder / "pki")
    server = ca.server()
    certs = {}
    for user in ("analyste.s", "analyste.dr", "chef.em", "chef.gtia"):
        issued = ca.client(user)
        certs[user] = (str(issued.cert), str(issued.key))
    port = free_port()
    config = folder / "service.toml"
    config.write_text(
        f'home = "{home}"\n'
        "[service]\n"
        f"port = {port}\n"
        f'tls_cert = "{server.cert}"\ntls_key = "{server.key}"\n'
        f'client_ca = "{ca.cert_path}"\n'
        "[[service.terminals]]\n"
        'name = "poste-essai"\nnetworks = ["127.0.0.0/8"]\n'
    )
    env = egide_env(folder / "ailleurs")
    # Hostile environment and working folder: none of it may reach the service.
    env.update(
        {
            "EGIDE_SERVICE__TERMINALS": '[{"name": "x", "networks": ["10.0.0.0/8"]}]',
            "EGIDE_NETWORK__GUARD": "false",
            "EGIDE_USER": "root",
            "EGIDE_TERMINAL__ACCREDITATION": "TS",
        }
    )
    (folder / "egide.toml").write_text("[network]\nguard = false\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "egide", "serve", "--config", str(config)],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    served = Served(f"https://127.0.0.1:{port}", folder, home, ca, certs, process)
    deadline = time.monotonic() + 180
    with served.http("analyste.s") as client:
        while True:
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
            time.sleep(0.3)
    yield served
    process.terminate()
    process.wait(timeout=30)


def test_service_ignores_its_environment(served: Served) -> None:
    with served.http("analyste.dr") as client:
        me = client.get("/me").json()
    assert me["name"] == "analyste.dr" and me["terminal"] == "poste-essai"
    assert me["terminal_accreditation"] is None


def test_stats_and_search_print_the_same_through_the_service(served: Served) -> None:
    for args in (("stats", "--json"), ("search", "pont de Sarvik", "--json", "--limit", "5")):
        local = served.run(*args, user="analyste.s", remote=False)
        remote = served.run(*args, user="analyste.s")
        assert local.code == remote.code == 0, remote.err
        assert remote.json() == local.json()
    human_local = served.run("stats", user="analyste.dr", remote=False)
    human_remote = served.run("stats", user="analyste.dr")
    assert human_remote.out == human_local.out


def test_brief_and_products_through_the_service(served: Served) -> None:
    made = served.run("brief", "pont de Sarvik", "--engine", "extractive", "--json",
                      user="analyste.s")
    assert made.code == 0, made.err
    uid = made.json()["id"]
    listed = served.run("product", "list", "--json", user="analyste.s").json()["products"]
    assert uid in {p["uid"] for p in listed}
    local = served.run("product", "show", uid, "--json", user="analyste.s", remote=False)
    remote = served.run("product", "show", uid, "--json", user="analyste.s")
    assert remote.code == local.code == 0, (local.err[-800:], remote.err[-800:])
    assert remote.json() == local.json()
    pdf = served.folder / "fiche.pdf"
    exported = served.run("product", "export", uid, "--pdf", str(pdf), user="analyste.s")
    assert exported.code == 0 and pdf.read_bytes().startswith(b"%PDF")
    # The DR analyst gets the same coded error as in local mode.
    local = served.run("product", "show", uid, user="analyste.dr", remote=False)
    remote = served.run("product", "show", uid, user="analyste.dr")
    assert remote.code == local.code == 2
    assert remote.err.startswith("[E-PRODUCT-NOTFOUND]")
    assert remote.err == local.err


def test_local_only_commands_say_so(served: Served) -> None:
    r = served.run("init", user="analyste.s")
    assert r.code == 2 and r.err.startswith("[E-LOCAL-ONLY]")


def test_ingest_through_the_service(served: Served, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("Le bac de Lipno a repris son service ce matin.\n")
    (folder / "vide.txt").write_text("")
    r = served.run("ingest", str(folder), "--label", "DR", "--json", user="analyste.s")
    assert r.code == 3, r.err
    report = r.json()
    assert report["ingested"] == 1 and len(report["failed"]) == 1
    found = served.run("search", "bac de Lipno", "--json", user="analyste.dr").json()
    assert any("Lipno" in hit["chunk"]["text"] for hit in found["results"])


def test_watch_through_the_service_reaches_the_alert_board(served: Served) -> None:
    events: list[dict[str, Any]] = []
    ready = threading.Event()

    def listen() -> None:
        with served.http("analyste.s") as client, client.stream(
            "GET", "/alerts/stream", timeout=60
        ) as stream:
            for line in stream.iter_lines():
                ready.set()
                if line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if len(events) >= 3:
                        return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(30)
    stream = REPO / "examples" / "stream"
    r = served.run(
        "watch", str(stream / "messages.jsonl"), "--rules", str(stream / "rules.yaml"),
        "--label", "NP", "--name", "essai", "--json",
        user="analyste.s",
    )
    assert r.code == 0, r.err
    alerts = r.lines()
    assert alerts and all(a["alert"] for a in alerts)
    thread.join(30)
    assert len(events) >= 3
    assert {e["body"]["id"] for e in events} <= {a["id"] for a in alerts}
    # A rerun resumes from the service's checkpoint: nothing new, nothing repeated.
    again = served.run(
        "watch", str(stream / "messages.jsonl"), "--rules", str(stream / "rules.yaml"),
        "--label", "NP", "--name", "essai", "--json",
        user="analyste.s",
    )
    assert again.code == 0 and again.lines() == []
    with served.http("analyste.dr") as client:
        visible = client.get("/alerts").json()["alerts"]
    assert all(a["label"] in {"NON PROTÉGÉ", DR} for a in visible)


DOC = "CR-reunion-coordination_2026-04-02.txt"
QUOTE = "Les positions de la batterie CAESAR du GTIA ne seront pas communiquées à la brigade"


def test_a_decision_file_through_the_service(served: Served, tmp_path: Path) -> None:
    def remote(*args: str, user: str = "analyste.s", code: int = 0) -> Result:
        res = served.run("decision", *args, user=user)
        assert res.code == code, (args, res.out, res.err[-800:])
        return res

    def same(*args: str, user: str = "analyste.s", code: int = 0) -> Result:
        """The command prints exactly what it prints in local mode."""
        here = served.run("decision", *args, user=user, remote=False)
        there = remote(*args, user=user, code=code)
        assert here.code == code, (args, here.err[-800:])
        assert (there.out, there.err) == (here.out, here.err), args
        return there

    uid = remote("create", "Gué de Lipno", "--label", "DR", "--json").json()["id"]
    first = remote("add", uid, "me", "--title", "Franchissement", "--cite", f"{DOC}::{QUOTE}")
    assert first.out.startswith(f"Dossier {uid}, version 2 ") and "ajout ME1" in first.out
    for args in (
        ("add", uid, "me", "--title", "Démonstration", "--assumption"),
        ("add", uid, "evidence", "--text", "Gué surveillé", "--cite", f"{DOC}::{QUOTE}"),
        ("rate", uid, "E1", "ME1", "C"),
        ("rate", uid, "E1", "ME2", "II"),
        ("add", uid, "ma", "--title", "Défense ferme", "--assumption"),
        ("add", uid, "ma", "--title", "Contre-attaque", "--assumption"),
        ("add", uid, "criterion", "--title", "délais", "--field", "direction=min",
         "--assumption"),
        ("add", uid, "criterion", "--title", "effet", "--assumption"),
        ("value", uid, "MA1", "C1", "6"),
        ("value", uid, "MA1", "C2", "3"),
        ("value", uid, "MA2", "C1", "4"),
        ("value", uid, "MA2", "C2", "2"),
        ("screen", uid, "MA1", "réalisable", "oui", "--why", "moyens disponibles"),
        ("confront", uid, "MA1", "ME1", "--action", "tenir", "--assumption"),
        ("effet", uid, "Empêcher le pont flottant", "--assumption"),
        ("add", uid, "critique", "--text", "Et si le gué est piégé ?", "--assumption"),
        ("remove", uid, "AD1"),
        ("set", uid, "MA2", "--title", "Contre-attaque au gué"),
        ("mission", uid, "--lettre", "Interdire le franchissement", "--assumption"),
        ("method", uid, "topsis"),
        ("method", uid, "wsum"),
    ):
        remote(*args)
    denied = same("weights", uid, "C1=0.6", "C2=0.4", code=4)
    assert denied.err.startswith("[E-ACCESS-DENIED]")
    weighted = remote("weights", uid, "C1=0.6", "C2=0.4", "--json", user="chef.em").json()
    assert weighted["weights"]["set_by"] == "chef.em"

    for args in (
        ("show", uid, "--json"),
        ("show", uid, "--version", "2", "--json"),
        ("history", uid, "--json"),
        ("list", "--json"),
        ("ach", uid, "--json"),
        ("ach", uid),
        ("compare", uid, "--json"),
        ("compare", uid, "--method", "topsis"),
        ("sensitivity", uid, "--json"),
        ("evidence", uid, "ME1", "--limit", "3", "--json"),
        ("assumptions", uid, "--json"),
        ("proposals", uid, "--json"),
        ("check", uid, "--json"),
    ):
        same(*args)
    shown = same("show", uid, "--json").json()
    assert shown["version"] == 24 and shown["ma"][0]["screening"]["réalisable"]["ok"]
    assert shown["me"][0]["refs"][0]["label"] == DR
    assert same("compare", uid, "--json").json()["ranking"] == ["MA2", "MA1"]
    assert "Fiche d'aide à la décision" in remote("show", uid).out

    rules, needs = tmp_path / "regles.yaml", tmp_path / "besoins.yaml"
    there = remote("watch", uid, "--rules", str(rules), "--requirements", str(needs), "--json")
    here = served.run("decision", "watch", uid, "--rules", str(tmp_path / "r.yaml"),
                      "--requirements", str(tmp_path / "b.yaml"), "--json",
                      user="analyste.s", remote=False)
    assert there.json() == here.json()
    assert rules.read_text(encoding="utf-8") == (tmp_path / "r.yaml").read_text(encoding="utf-8")
    assert needs.read_text(encoding="utf-8").startswith("# DIFFUSION RESTREINTE")

    # The staff proposes (the model too, but only a person of the staff asks it and
    # accepts what it proposes); only the commander decides.
    same("draft", uid, user="chef.gtia", code=4)
    same("accept", uid, "P9", code=2)
    remote("recommend", uid, "MA2", "--reason", "premier au tableau")
    refused = same("decide", uid, "--choice", "MA1", "--reason", "tenir", "--deviation", "x",
                   code=4)
    assert refused.err.startswith("[E-ACCESS-DENIED]")
    same("effet", uid, "--validate", user="chef.em", code=4)
    remote("effet", uid, "--validate", user="chef.gtia")
    decided = remote("decide", uid, "--choice", "MA1", "--reason", "tenir le gué",
                     "--deviation", "pertes", "--json", user="chef.gtia").json()
    assert decided["decision"]["by"] == "chef.gtia" and decided["decision"]["deviation"]
    assert same("check", uid, "--json", user="chef.gtia").json()["decision_audit"] == []

    out = tmp_path / "fiche"
    exported = remote("export", uid, "--pdf", f"{out}.pdf", "--md", f"{out}.md", "--json-out",
                      f"{out}.json", "--yaml", f"{out}.yaml", "--json", user="chef.gtia")
    local = served.run("decision", "export", uid, "--pdf", f"{out}-l.pdf", "--md",
                       f"{out}-l.md", "--json-out", f"{out}-l.json", "--yaml", f"{out}-l.yaml",
                       "--json", user="chef.gtia", remote=False)
    summary, local_summary = exported.json(), local.json()
    assert summary["verification"] == local_summary["verification"]
    assert summary["verification"]["verified"] == summary["verification"]["citations"] == 2
    assert list(summary["fiche"]) == list(local_summary["fiche"]) == ["md", "pdf", "json"]
    assert Path(f"{out}.pdf").read_bytes().startswith(b"%PDF")
    assert Path(f"{out}.md").read_text(encoding="utf-8").startswith(f"**{DR}**")
    assert json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))["file"]["decision"]
    assert Path(f"{out}.yaml").read_text(encoding="utf-8") == Path(f"{out}-l.yaml").read_text(
        encoding="utf-8"
    )
    # The decision changes only through « decide »: not by importing an edited copy.
    forged = tmp_path / "autre.yaml"
    forged.write_text(
        Path(f"{out}.yaml").read_text(encoding="utf-8").replace("tenir le gué", "autre motif"),
        encoding="utf-8",
    )
    again = same("import", str(forged), "--uid", uid, code=2)
    assert again.err.startswith("[E-DECISION]") and "decide" in again.err

    # A Secret file: the DR analyst gets the same not-found as in local mode.
    files = remote("list", "--json").json()["files"]
    [secret] = [f["uid"] for f in files if f["label"] == "SECRET – SPÉCIAL FRANCE"]
    for args in (("show", secret), ("ach", secret, "--json"), ("history", secret)):
        hidden = same(*args, user="analyste.dr", code=2)
        assert hidden.err.startswith("[E-DECISION-NOTFOUND]")


def test_client_without_a_reachable_service() -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "egide", "--url", "https://127.0.0.1:9", "stats"],
        capture_output=True, text=True, timeout=60,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("EGIDE_")}},
    )
    assert bad.returncode == 5 and bad.stderr.startswith("[E-SERVICE]")
