"""Égide works with no network at all: the demo (ingest of the scenario, searches at
several clearances, stream triage) and a search run inside a network namespace that has
no usable interface, not even loopback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCENARIO
from tests.e2e.conftest import egide_env

UNSHARE = shutil.which("unshare")


def offline(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert UNSHARE is not None
    return subprocess.run(
        [UNSHARE, "--net", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900
    )


@pytest.mark.skipif(UNSHARE is None, reason="unshare(1) is not installed on this system")
def test_demo_and_search_run_in_a_namespace_without_network(tmp_path: Path) -> None:
    env = egide_env(tmp_path / "unused")
    del env["EGIDE_HOME"]
    probe = offline(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9), 3)"],
        env,
        tmp_path,
    )
    assert probe.returncode != 0, "the namespace must have no usable interface"
    assert "Network is unreachable" in probe.stderr, probe.stderr

    store = tmp_path / "demo-offline"
    demo = offline(
        [
            sys.executable,
            "-m",
            "egide",
            "--store",
            str(store),
            "demo",
            "--examples",
            str(SCENARIO),
            "--json",
        ],
        env,
        tmp_path,
    )
    assert demo.returncode == 0, demo.stderr
    data = json.loads(demo.stdout)
    assert data["store"] == str(store) and (store / "egide.db").is_file()
    assert not (tmp_path / ".egide-demo").exists(), "--store is honoured"
    assert sum(b["ingested"] for b in data["batches"]) >= 25
    assert all(s["by_user"]["analyste.s"]["results"] == 10 for s in data["searches"])

    env.update(EGIDE_HOME=str(store), EGIDE_USER="analyste.s")
    search = offline(
        [sys.executable, "-m", "egide", "search", "pont de Sarvik", "--json"], env, tmp_path
    )
    assert search.returncode == 0, search.stderr
    found = json.loads(search.stdout)
    assert found["results"] and found["mode"] == "hybrid"
