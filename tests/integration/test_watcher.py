"""The watch loop in process: memory stays bounded under a burst (the source is pulled a
batch at a time, nothing queues up), and a replayed alert is never emitted twice."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from egide.app import App
from egide.security.labels import PUBLIC
from egide.stream import rules
from egide.stream.sources import FileSource
from egide.stream.triage import Triager
from egide.stream.watcher import Options, watch
from tests.conftest import REPO

RULES = REPO / "examples" / "stream" / "rules.yaml"


def burst(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Colonne de {i % 40} blindés et un drone au-dessus du pont, message {i}."
            fh.write(json.dumps({"id": f"b{i}", "text": text, "lat": 49.812, "lon": 66.437}) + "\n")
    return path


def peak_bytes(app: App, path: Path, name: str) -> int:
    triager = Triager(rules.load(RULES), app.lexicon, ("fr", "en"))
    options = Options(
        consumer=name,
        emit="all",
        batch=100,
        default_label=PUBLIC,
        out=path.with_suffix(".out"),
        dead_letter=path.with_suffix(".dead"),
    )
    tracemalloc.start()
    try:
        stats = watch(
            app,
            app.require_user(),
            FileSource(path, False, 65536),
            triager,
            options,
            lambda _: None,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stats.dead == 0 and stats.alerts == stats.read
    return peak


def test_memory_does_not_grow_with_the_burst(store: App, tmp_path: Path) -> None:
    small = peak_bytes(store, burst(tmp_path / "small.jsonl", 1000), "small")
    large = peak_bytes(store, burst(tmp_path / "large.jsonl", 6000), "large")
    assert large < 1.5 * small + 2_000_000, (small, large)


def test_a_replayed_alert_is_not_emitted_again(store: App, tmp_path: Path) -> None:
    path = burst(tmp_path / "s.jsonl", 5)
    triager = Triager(rules.load(RULES), store.lexicon, ("fr",))
    shown: list[dict[str, object]] = []
    for run in range(2):
        options = Options(
            consumer="rejeu", default_label=PUBLIC, dead_letter=tmp_path / f"dead{run}"
        )
        source = FileSource(path, False, 65536)
        stats = watch(store, store.require_user(), source, triager, options, shown.append)
        store.db.execute("DELETE FROM stream_checkpoints")  # force a full re-read
    assert len(shown) == 5 and stats.replayed == 5


def test_a_rerun_after_the_end_keeps_the_last_summary(store: App, tmp_path: Path) -> None:
    path = burst(tmp_path / "s.jsonl", 20)
    out = tmp_path / "out.jsonl"
    triager = Triager(rules.load(RULES), store.lexicon, ("fr",))
    for _ in range(2):
        options = Options(
            consumer="fin",
            default_label=PUBLIC,
            summary_every_s=900,
            out=out,
            dead_letter=tmp_path / "dead",
        )
        watch(
            store,
            store.require_user(),
            FileSource(path, False, 65536),
            triager,
            options,
            lambda _: None,
        )
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(lines) == 21 and lines[-1]["type"] == "summary" and lines[-1]["messages"] == 20


def test_a_message_above_the_watcher_is_never_echoed_to_dead_letters(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    """The label is checked first: a Secret message with a broken position, id or text is
    only counted for a DR watcher, and nothing of it reaches the dead-letter file."""
    secret = [
        {"id": "s1", "text": "ZULU-77 au gué", "label": "SECRET", "mgrs": "ZULU-77-MGRS"},
        {"id": "s2", "text": "ZULU-78", "label": "SECRET", "lat": "ZULU-78-LAT", "lon": 3},
        {"id": "s3", "text": "ZULU-79", "label": "SECRET", "lat": 95.123456, "lon": 3},
        {"text": "ZULU-80 sans id", "label": "SECRET"},
        {"id": "d1", "text": "ZULU-81", "label": "DR", "mgrs": "ZULU-81-MGRS"},
        {"id": "d2", "text": "x", "label": "SECRET – ZULU-82"},
        {"id": "d3", "text": "x", "label": "SECRET ZULU-83 INCONNU ["},
    ]
    path = tmp_path / "flux.jsonl"
    path.write_text("\n".join(json.dumps(m) for m in secret) + "\n", encoding="utf-8")
    dead = tmp_path / "refus.jsonl"
    app = as_user("dr")
    stats = watch(
        app,
        app.require_user(),
        FileSource(path, False, 65536),
        Triager(rules.load(RULES), app.lexicon, ("fr", "en")),
        Options(consumer="dr", default_label=PUBLIC, dead_letter=dead),
        lambda _: None,
    )
    assert (stats.withheld, stats.dead) == (5, 2)
    lines = [json.loads(line) for line in dead.read_text(encoding="utf-8").splitlines()]
    assert [(d["where"].split()[1], d["reason"]) for d in lines] == [
        ("5", "bad_position"),
        ("7", "bad_label"),
    ]
    assert "ZULU" not in dead.read_text(encoding="utf-8")
