"""Where messages come from: a JSONL file, standard input, a growing file followed like
``tail -f``, or a Kafka topic (``kafka.py``). A source reads in bounded batches — the
caller asks for the next batch only once the previous one is durably handled, which is the
back-pressure: nothing queues up without bound. Each record carries the checkpoint that
marks it done."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from egide.errors import InputFileError
from egide.i18n import Msg


@dataclass(frozen=True)
class Record:
    data: bytes
    where: str  # for people: "ligne 12 (octet 3456)", "partition 2, offset 77"
    checkpoint: dict[str, Any]


class Source(Protocol):
    key: str | None
    """What its checkpoint is stored under (``None``: no checkpoint, e.g. stdin)."""

    @property
    def finished(self) -> bool:
        """A finite source has been read to its end."""

    def resume(self, checkpoint: dict[str, Any] | None) -> None: ...

    def read(self, limit: int, wait_s: float) -> list[Record]: ...

    def done(self, records: list[Record]) -> None:
        """Called once ``records`` are durably handled (Kafka commits its offsets)."""

    def close(self) -> None: ...


class _Lines:
    """Lines of a binary stream with their byte offsets and line numbers."""

    def __init__(self, stream: BinaryIO, follow: bool, max_line: int) -> None:
        self.stream = stream
        self.follow = follow
        self.max_line = max_line
        self.offset = 0
        self.line = 0
        self.finished = False
        self._partial = b""

    def read(self, limit: int, wait_s: float) -> list[Record]:
        out: list[Record] = []
        deadline = time.monotonic() + wait_s
        while len(out) < limit:
            chunk = self.stream.readline(self.max_line + 2)
            if not chunk:
                if not self.follow:
                    self.finished = True
                    break
                if out or time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
                continue
            if not chunk.endswith(b"\n") and self.follow and len(chunk) <= self.max_line:
                # a line still being written: wait for the rest of it
                self._partial += chunk
                continue
            data, self._partial = self._partial + chunk, b""
            start = self.offset
            self.offset += len(data)
            while not data.endswith(b"\n") and len(data) > self.max_line:
                # an oversized line: skip to its end, keeping only what was read
                rest = self.stream.readline(1 << 20)
                self.offset += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            self.line += 1
            if data.strip():
                out.append(
                    Record(
                        data.rstrip(b"\r\n"),
                        f"ligne {self.line} (octet {start})",
                        {"offset": self.offset, "line": self.line},
                    )
                )
        return out


class FileSource:
    """JSONL lines from a file (checkpointed by byte offset), followed like ``tail -f``
    when ``follow``; or from standard input (``path`` None: no checkpoint)."""

    def __init__(self, path: Path | None, follow: bool, max_line: int) -> None:
        if path is not None and not path.is_file():
            raise InputFileError(Msg("{path} introuvable", path=path))
        self.key: str | None = (
            None if path is None else f"{'tail' if follow else 'file'}:{path.resolve()}"
        )
        self._fh: BinaryIO | None = None if path is None else path.open("rb")
        self._lines = _Lines(self._fh or sys.stdin.buffer, follow, max_line)

    @property
    def finished(self) -> bool:
        return self._lines.finished

    def resume(self, checkpoint: dict[str, Any] | None) -> None:
        if checkpoint and self._fh is not None:
            self._fh.seek(int(checkpoint["offset"]))
            self._lines.offset = int(checkpoint["offset"])
            self._lines.line = int(checkpoint.get("line", 0))

    def read(self, limit: int, wait_s: float) -> list[Record]:
        return self._lines.read(limit, wait_s)

    def done(self, records: list[Record]) -> None:
        """Offsets are kept in the store's checkpoint, nothing to tell the file."""

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def open_source(spec: str, max_line: int, group: str) -> Source:
    """``-`` (stdin), ``tail:FILE``, ``kafka://HOST:PORT/TOPIC?group=G``, or a file."""
    if spec == "-":
        return FileSource(None, False, max_line)
    if spec.startswith("kafka://"):
        from egide.stream.kafka import KafkaSource

        return KafkaSource.from_url(spec, max_line, group)
    if spec.startswith("tail:"):
        return FileSource(Path(spec[5:]), True, max_line)
    return FileSource(Path(spec), False, max_line)
