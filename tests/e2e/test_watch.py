"""``egide watch`` end to end: explained alerts on the example stream, dead letters with
their line, summaries, and kill -9 at several moments: after restarts the output is
byte for byte the output of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO
from tests.e2e.conftest import Result, dev_store, egide_env
from tests.e2e.test_cli import setup_store

Run = Callable[..., Result]
EXAMPLE = REPO / "examples" / "stream"
RULES = str(EXAMPLE / "rules.yaml")


def test_alerts_dead_letters_and_summaries(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    dead = tmp_path / "dead.jsonl"
    res = egide(
        "watch",
        str(EXAMPLE / "messages.jsonl"),
        "--rules",
        RULES,
        "--label",
        "NP",
        "--summary-every",
        "30m",
        "--dead-letter",
        str(dead),
        "--json",
        user="ana.s",
    )
    assert res.code == 0, res.err
    lines = res.lines()
    alerts = [x for x in lines if x.get("alert")]
    summaries = [x for x in lines if x.get("type") == "summary"]
    assert {a["id"] for a in alerts} >= {"m006", "m009", "m030"}
    assert all(a["why"] and a["priority"] != "ROUTINE" and a["alert_id"] for a in alerts)
    assert len(summaries) == 3 and sum(s["messages"] for s in summaries) == 34
    assert summaries[0]["top_alerts"] and summaries[0]["sentences"][0]["cite"]
    refused = [json.loads(x) for x in dead.read_text("utf-8").splitlines()]
    assert [(r["where"].split(" (")[0], r["reason"]) for r in refused] == [
        ("ligne 28", "bad_label"),
        ("ligne 31", "bad_label"),
        ("ligne 32", "bad_json"),
        ("ligne 36", "missing_id"),
    ]
    assert "m028" not in json.dumps(refused), "dead letters hold no message content"
    # the DR analyst sees no Secret message, and is told how many were held back
    dr = egide(
        "watch",
        str(EXAMPLE / "messages.jsonl"),
        "--rules",
        RULES,
        "--label",
        "NP",
        "--emit",
        "all",
        "--name",
        "dr",
        "--json",
        user="ana.dr",
    )
    assert dr.code == 0, dr.err
    assert {x["label"] for x in dr.lines()} <= {
        "NON PROTÉGÉ",
        "DIFFUSION RESTREINTE – SPÉCIAL FRANCE",
    }
    assert "au-dessus de votre habilitation" in dr.err


def test_a_bad_rules_file_is_refused_with_its_line(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    bad = tmp_path / "r.yaml"
    bad.write_text("rules:\n  - id: R1\n    when: {any: [x]}\n    priority: TRES\n", "utf-8")
    res = egide("watch", str(EXAMPLE / "messages.jsonl"), "--rules", str(bad), user="ana.s")
    assert res.code == 2 and "[E-RULES]" in res.err and "ligne 4" in res.err


def big_stream(path: Path, copies: int) -> Path:
    lines = (EXAMPLE / "messages.jsonl").read_text("utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for n in range(copies):
            for line in lines:
                fh.write(line.replace('"id": "m', f'"id": "c{n}-m') + "\n")
    return path


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_9_and_restart_loses_nothing_and_repeats_nothing(egide: Run, tmp_path: Path) -> None:
    setup_store(egide)
    stream = big_stream(tmp_path / "big.jsonl", 60)  # 2,220 lines
    common = ["watch", str(stream), "--rules", RULES, "--label", "NP", "--emit", "all"]
    small = {"EGIDE_STREAM__BATCH": "40"}
    clean_store = tmp_path / "clean"
    env = dev_store(clean_store, tmp_path)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "egide",
            *common,
            "--out",
            str(tmp_path / "clean.jsonl"),
            "--dead-letter",
            str(tmp_path / "clean-dead.jsonl"),
        ],
        env={**env, **small},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    expected = (tmp_path / "clean.jsonl").read_bytes()
    out, dead = tmp_path / "out.jsonl", tmp_path / "dead.jsonl"
    args = [*common, "--out", str(out), "--dead-letter", str(dead)]
    kills = 0
    for threshold in (100, 700, 1400):
        proc = subprocess.Popen(
            [sys.executable, "-m", "egide", *args],
            env={**egide_env(tmp_path / "store", None), **small},
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None and count_lines(out) < threshold:
            time.sleep(0.01)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2, "the watcher finished before it could be interrupted"
    final = egide(*args)
    assert final.code == 0, final.err
    assert out.read_bytes() == expected
    assert dead.read_bytes() == (tmp_path / "clean-dead.jsonl").read_bytes()
    assert count_lines(dead) == 4 * 60


def test_standard_input_is_a_source(tmp_path: Path) -> None:
    home = tmp_path / "store"
    env = dev_store(home, tmp_path)
    big = "x" * (70 * 1024)
    feed = (EXAMPLE / "messages.jsonl").read_bytes() + (
        json.dumps({"id": "big", "text": big}).encode() + b"\n"
    )
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "egide",
            "watch",
            "-",
            "--rules",
            RULES,
            "--label",
            "NP",
            "--json",
            "--dead-letter",
            str(tmp_path / "dead.jsonl"),
        ],
        input=feed,
        env=env,
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    alerts = [json.loads(x) for x in res.stdout.splitlines()]
    assert alerts and all(a["alert"] and a["label"] == "NON PROTÉGÉ" for a in alerts)
    dead = [json.loads(x) for x in (tmp_path / "dead.jsonl").read_text("utf-8").splitlines()]
    assert dead[-1]["reason"] == "too_large" and dead[-1]["where"].startswith("ligne 39")
