"""The watch loop. Per batch: read (bounded), triage, then record durably — alerts and the
source checkpoint in one store transaction, the output and dead-letter files appended and
flushed to disk before that transaction commits, their sizes part of the checkpoint. A
restart after ``kill -9`` cuts the files back to the checkpointed sizes and reads again
from the checkpoint: no message lost, no line twice. Kafka offsets are committed only
after that; a replayed alert is recognised by its id and not emitted again."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from egide.security.access import may_read
from egide.security.labels import Label
from egide.security.principals import Authority, User
from egide.store import streams
from egide.store.db import transaction
from egide.stream.message import Message, Rejected, build, decode, label_of
from egide.stream.sources import Record, Source
from egide.stream.summary import Windows
from egide.stream.triage import Triaged, Triager

if TYPE_CHECKING:
    from egide.app import App


@dataclass
class Options:
    consumer: str = "watch"
    emit: Literal["alerts", "all"] = "alerts"
    summary_every_s: float | None = None
    batch: int = 256
    wait_s: float = 0.5
    max_bytes: int = 64 * 1024
    default_label: Label | None = None
    out: Path | None = None
    dead_letter: Path | None = None


@dataclass
class Stats:
    read: int = 0
    emitted: int = 0
    alerts: int = 0
    replayed: int = 0
    dead: int = 0
    withheld: int = 0
    summaries: int = 0
    by_priority: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Durable:
    """An append-only file synced to disk per batch. On a restart (``size`` known from the
    checkpoint) it is cut back to that size: lines written after it were not committed."""

    def __init__(self, path: Path | None, size: int | None) -> None:
        self.path = path
        self.size = 0
        self._fh = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = path.open("ab")
            if size is not None and self._fh.tell() > size:
                self._fh.truncate(size)
            self._fh.seek(0, os.SEEK_END)
            self.size = self._fh.tell()

    def encode(self, lines: list[dict[str, Any]]) -> bytes:
        """What ``lines`` will add to the file (nothing when there is no file)."""
        if self._fh is None:
            return b""
        return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()

    def append(self, data: bytes) -> None:
        if self._fh is None or not data:
            return
        self._fh.write(data)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.size += len(data)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def watch(
    app: App,
    user: User,
    source: Source,
    triager: Triager,
    options: Options,
    show: Callable[[dict[str, Any]], None],
    stop: Callable[[], bool] = lambda: False,
) -> Stats:
    """Triage ``source`` until it ends (or ``stop()``); ``show`` receives every emitted
    line after it is durably recorded (on standard output when there is no ``--out``)."""
    authority = app.authority(user)
    key = "|".join([source.key or "stdin", str(options.out.resolve()) if options.out else "-"])
    point = streams.load(app.db, options.consumer, key)
    source.resume(point.position if point else None)
    out = _Durable(options.out, point.out_bytes if point else None)
    dead = _Durable(options.dead_letter, point.dead_bytes if point else None)
    windows = Windows(options.summary_every_s) if options.summary_every_s else None
    stats = Stats()
    last_position = point.position if point else None
    app.record(user.name, "stream.watch.start", {"source": key, "consumer": options.consumer})
    try:
        while not stop():
            records = source.read(options.batch, options.wait_s)
            if not records:
                if source.finished:
                    break
                continue
            lines, dead_lines = triage_batch(records, triager, options, authority, stats, windows)
            position = records[-1].checkpoint
            with transaction(app.db):
                emitted = record_alerts(app, options.consumer, key, lines, stats)
                _write(
                    app, source, options.consumer, key, position, (out, emitted), (dead, dead_lines)
                )
            source.done(records)
            if options.out is None:
                for item in emitted:
                    show(item)
            last_position = position
        last = windows.flush() if windows is not None else None
        if last is not None:
            stats.summaries += 1
            with transaction(app.db):
                _write(app, source, options.consumer, key, last_position, (out, [last]), (dead, []))
            if options.out is None:
                show(last)
    finally:
        out.close()
        dead.close()
        source.close()
        app.record(
            user.name,
            "stream.watch.stop",
            {"source": key, **{k: v for k, v in stats.to_dict().items() if k != "by_priority"}},
        )
    return stats


def _write(
    app: App,
    source: Source,
    consumer: str,
    key: str,
    position: dict[str, Any] | None,
    out: tuple[_Durable, list[dict[str, Any]]],
    dead: tuple[_Durable, list[dict[str, Any]]],
) -> None:
    """Inside the batch's transaction: the files' new sizes into the checkpoint, and the
    lines on disk before it commits (a crash in between is cut back on restart)."""
    out_data, dead_data = out[0].encode(out[1]), dead[0].encode(dead[1])
    if source.key is not None:
        sizes = (out[0].size + len(out_data), dead[0].size + len(dead_data))
        streams.save(app.db, consumer, key, streams.Checkpoint(position, *sizes))
    out[0].append(out_data)
    dead[0].append(dead_data)


def admit(
    data: bytes, default_label: Label | None, max_bytes: int, authority: Authority
) -> Message | None:
    """The message in ``data`` if ``authority`` may read it; ``None`` when it is above
    that (never shown, only counted). Raises ``Rejected`` for the dead letters."""
    obj = decode(data, max_bytes)
    label = label_of(obj, default_label)
    if not may_read(authority, label):
        return None  # nothing else in it is looked at, nothing of it is written
    return build(obj, label)


def triage_batch(
    records: list[Record],
    triager: Triager,
    options: Options,
    authority: Authority,
    stats: Stats,
    windows: Windows | None,
) -> tuple[list[dict[str, Any] | Triaged], list[dict[str, Any]]]:
    lines: list[dict[str, Any] | Triaged] = []
    dead: list[dict[str, Any]] = []
    readable_messages: list[Message] = []
    for record in records:
        stats.read += 1
        try:
            message = admit(record.data, options.default_label, options.max_bytes, authority)
        except Rejected as exc:
            stats.dead += 1
            dead.append(
                {
                    "where": record.where,
                    "reason": exc.reason,
                    "detail": exc.detail,
                    "bytes": len(record.data),
                    "sha256": hashlib.sha256(record.data).hexdigest(),
                }
            )
            continue
        if message is None:
            stats.withheld += 1
            continue
        readable_messages.append(message)
    for item in triager.triage_many(readable_messages):
        stats.by_priority[item.priority.name] = stats.by_priority.get(item.priority.name, 0) + 1
        if item.alert or options.emit == "all":
            lines.append(item)
        if windows is not None:
            summary = windows.add(item)
            if summary is not None:
                stats.summaries += 1
                lines.append(summary)
    return lines, dead


def record_alerts(
    app: App, consumer: str, key: str, lines: list[dict[str, Any] | Triaged], stats: Stats
) -> list[dict[str, Any]]:
    """Alerts into the store (once each); the lines to emit, without replayed alerts."""
    out = []
    for line in lines:
        if not isinstance(line, Triaged):
            out.append(line)
            continue
        body = line.to_json()
        if line.alert_id is not None:
            if not streams.put_alert(
                app.db, consumer, line.alert_id, line.message.label, key, body
            ):
                stats.replayed += 1
                continue
            stats.alerts += 1
        stats.emitted += 1
        out.append(body)
    return out
