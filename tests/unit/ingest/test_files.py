"""Finding and reading files: special files are never opened, links never lead out of the
given folder, and the size limit holds while reading."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from egide.errors import SpecialFileError, SymlinkError, TooLargeError
from egide.ingest.files import discover, read_bounded


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    """Opening a FIFO blocks for ever: turn a hang into a failure."""

    def alarm(*_: object) -> None:
        raise TimeoutError("blocked on a special file")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def codes(refused: list[tuple[Path, Exception]]) -> dict[str, str]:
    return {p.name: getattr(e, "code", "?") for p, e in refused}


def test_special_files_in_a_folder_are_refused_unopened(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("texte", encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.txt"))
    try:
        files, refused = discover([root])
    finally:
        server.close()
    assert [f.name for f in files] == ["a.txt"]
    assert codes(refused) == {"pipe.txt": "E-INGEST-SPECIAL", "sock.txt": "E-INGEST-SPECIAL"}


def test_a_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    files, refused = discover([Path("/dev/zero"), link])
    assert files == []
    assert [type(e) for _, e in refused] == [SpecialFileError, SpecialFileError]


def test_links_are_not_followed_by_default(tmp_path: Path) -> None:
    secret = tmp_path / "audit-ed25519.pem"
    secret.write_text("-----BEGIN PRIVATE KEY-----", encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "inside.txt").write_text("texte", encoding="utf-8")
    (root / "key.txt").symlink_to(secret)
    (root / "same.txt").symlink_to(root / "inside.txt")
    files, refused = discover([root])
    assert [f.name for f in files] == ["inside.txt"]
    assert codes(refused) == {"key.txt": "E-INGEST-SYMLINK", "same.txt": "E-INGEST-SYMLINK"}


def test_followed_links_never_leave_the_given_folder(tmp_path: Path) -> None:
    secret = tmp_path / "audit-ed25519.pem"
    secret.write_text("-----BEGIN PRIVATE KEY-----", encoding="utf-8")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "inside.txt").write_text("texte", encoding="utf-8")
    (root / "key.txt").symlink_to(secret)
    (root / "up").symlink_to(tmp_path)
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "alias").symlink_to(root / "sub")
    (root / "loop").symlink_to(root)
    files, refused = discover([root], follow_symlinks=True)
    assert [f.name for f in files] == ["inside.txt"], "once, whichever way it is reached"
    assert codes(refused) == {
        "key.txt": "E-INGEST-SYMLINK",
        "up": "E-INGEST-SYMLINK",
        "zero.txt": "E-INGEST-SYMLINK",
    }


def test_the_size_limit_holds_while_reading(tmp_path: Path) -> None:
    # /proc files are regular files whose stat size (0) says nothing of their content
    assert Path("/proc/self/status").stat().st_size == 0
    with pytest.raises(TooLargeError):
        read_bounded(Path("/proc/self/status"), 64)
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100
    with pytest.raises(TooLargeError):
        read_bounded(path, 99)


def test_reading_never_follows_a_link_or_opens_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(SpecialFileError):
        read_bounded(tmp_path / "pipe.txt", 1000)
    (tmp_path / "link.txt").symlink_to("/etc/hostname")
    with pytest.raises(SymlinkError):
        read_bounded(tmp_path / "link.txt", 1000)
