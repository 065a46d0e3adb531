"""Sources: byte offsets resume a file; tail waits for whole lines; oversized lines are
cut and refused, never buffered whole."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from egide.stream.sources import FileSource


def test_file_reads_in_batches_and_resumes_from_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'{"id": 1}\n\n{"id": 2}\n{"id": 3}')
    src = FileSource(path, follow=False, max_line=100)
    first = src.read(2, 0.1)
    assert [r.data for r in first] == [b'{"id": 1}', b'{"id": 2}']
    assert first[1].where.startswith("ligne 3")
    again = FileSource(path, follow=False, max_line=100)
    again.resume(first[-1].checkpoint)
    assert [r.data for r in again.read(10, 0.1)] == [b'{"id": 3}'] and again.finished


def test_tail_waits_for_the_end_of_a_line(tmp_path: Path) -> None:
    path = tmp_path / "live.jsonl"
    path.write_bytes(b'{"id": 1}\n{"id": ')
    src = FileSource(path, follow=True, max_line=100)
    assert [r.data for r in src.read(10, 0.2)] == [b'{"id": 1}']

    def finish() -> None:
        time.sleep(0.2)
        with path.open("ab") as fh:
            fh.write(b'2}\n{"id": 3}\n')

    threading.Thread(target=finish).start()
    got: list[bytes] = []
    deadline = time.time() + 5
    while len(got) < 2 and time.time() < deadline:
        got += [r.data for r in src.read(10, 0.2)]
    assert got == [b'{"id": 2}', b'{"id": 3}'] and not src.finished


def test_an_oversized_line_is_cut_and_the_next_one_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * 5000 + b'\n{"id": 2}\n')
    records = FileSource(path, follow=False, max_line=100).read(10, 0.1)
    assert len(records[0].data) <= 102 and records[1].data == b'{"id": 2}'
    assert records[1].checkpoint["offset"] == path.stat().st_size
