"""Audit, doctor and model commands from the command line."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import Result
from tests.fixtures import write_gguf

Run = Callable[..., Result]


def setup(egide: Run) -> None:
    assert egide("init", "--dev").code == 0
    for args in (("so", "S", "security_officer"), ("ana", "S", "analyst")):
        res = egide(
            "user",
            "add",
            args[0],
            "--clearance",
            args[1],
            "--nationality",
            "FRA",
            "--role",
            args[2],
        )
        assert res.code == 0, res.err


def test_audit_commands(egide: Run, tmp_path: Path) -> None:
    setup(egide)
    egide("search", "pont", user="ana")
    res = egide("audit", "verify", "--json", user="so")
    assert res.code == 0 and res.json()["ok"] is True, res.err
    cp = tmp_path / "cp.json"
    assert egide("audit", "checkpoint", "--out", str(cp), user="so").code == 0
    assert (
        egide("audit", "verify", "--checkpoint", str(cp), "--json", user="so").json()[
            "checkpoints_checked"
        ]
        == 2
    )
    proof = egide("audit", "proof", "2", "--json", user="so").json()
    assert proof["verified"] is True and proof["seq"] == 2
    assert egide("audit", "consistency", "3", "--json", user="so").json()["verified"] is True
    records = egide("audit", "show", "--json", user="so").lines()
    assert {"search", "user.add", "store.init", "audit.checkpoint"} <= {
        r["action"] for r in records
    }
    assert all({"actor", "ts", "terminal", "decision", "label"} <= set(r) for r in records)
    denied = egide("audit", "show", user="ana")
    assert denied.code == 4 and denied.err.startswith("[E-ACCESS-DENIED]")

    db = tmp_path / "store" / "egide.db"
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq > 3")
    res = egide("audit", "verify", "--checkpoint", str(cp), user="so")
    assert res.code == 7 and res.err.startswith("[E-AUDIT-TAMPER]")
    assert "plus court que le point de contrôle" in res.out


def test_doctor_and_models(egide: Run, tmp_path: Path) -> None:
    setup(egide)
    res = egide("doctor", "--json")
    assert res.code == 0, res.out + res.err
    report = res.json()
    assert report["guard"] == {"installed": True, "allow": [], "refuses_outside": True, "ok": True}
    assert report["store"]["integrity"] == "ok" and report["audit"]["ok"] is True
    model = tmp_path / "m"
    model.mkdir()
    write_gguf(model / "m.gguf")
    assert egide("model", "add", str(model), "--name", "mistral-7b", "--json").code == 0
    assert egide("model", "verify", "mistral-7b", "--json", user="ana").json()["ok"] is True
    data = bytearray((model / "m.gguf").read_bytes())
    data[100] ^= 0xFF
    (model / "m.gguf").write_bytes(bytes(data))
    res = egide("model", "verify", "mistral-7b", user="ana")
    assert res.code == 9 and res.err.startswith("[E-MODEL]")
    res = egide("doctor", "--json")
    assert res.code == 1 and res.json()["models"]["ok"] is False
    assert egide("doctor", user="ana").code == 4
