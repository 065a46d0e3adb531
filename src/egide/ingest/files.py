"""Finding and reading the files of an ingest without trusting the file system.

A FIFO, socket or device is never opened (opening a FIFO blocks, a device never ends).
Symbolic links inside a folder are not followed unless asked, and a followed link never
leads outside the folder that was given. The size limit is enforced while reading, so a
file that grows or lies about its size cannot exhaust memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from egide.errors import (
    EgideError,
    NotFoundError,
    SpecialFileError,
    SymlinkError,
    TooLargeError,
)
from egide.i18n import Msg

_READ_BLOCK = 1 << 20


def _kind(mode: int) -> Msg:
    if stat.S_ISFIFO(mode):
        return Msg("FIFO")
    if stat.S_ISSOCK(mode):
        return Msg("socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Msg("périphérique")
    return Msg("fichier spécial")


def _special(path: Path, mode: int) -> SpecialFileError:
    return SpecialFileError(str(path), kind=_kind(mode))


def _too_large(path: Path, size: str, max_bytes: int) -> TooLargeError:
    return TooLargeError(f"{path} ({size} Mo > {max_bytes / 1e6:.1f} Mo)")


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


class _Walk:
    """One given folder, walked in a stable order; hidden entries are skipped."""

    def __init__(self, root: Path, follow: bool) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow = follow
        self.files: list[Path] = []
        self.failures: list[tuple[Path, EgideError]] = []
        self._seen: set[str] = set()

    def run(self) -> None:
        self._folder(self.root, self.real_root)

    def _folder(self, shown: Path, real: str) -> None:
        if real in self._seen:
            return
        self._seen.add(real)
        try:
            entries = sorted(os.scandir(shown), key=lambda e: e.name)
        except OSError as exc:
            self.failures.append((shown, NotFoundError(f"{shown} ({exc.strerror})")))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                self.failures.append((path, NotFoundError(str(path))))
                continue
            if stat.S_ISLNK(info.st_mode):
                self._link(path)
            elif stat.S_ISDIR(info.st_mode):
                self._folder(path, os.path.join(real, entry.name))
            elif stat.S_ISREG(info.st_mode):
                self.files.append(path)
            else:
                self.failures.append((path, _special(path, info.st_mode)))

    def _link(self, path: Path) -> None:
        if not self.follow:
            self.failures.append(
                (path, SymlinkError(str(path), why=Msg("non suivi")))
            )
            return
        target = os.path.realpath(path)
        if not _inside(target, self.real_root):
            self.failures.append(
                (
                    path,
                    SymlinkError(
                        str(path),
                        why=Msg("mène hors de {root}", root=self.root),
                    ),
                )
            )
            return
        try:
            info = os.stat(target)
        except OSError:
            self.failures.append((path, NotFoundError(f"{path} → {target}")))
            return
        if stat.S_ISDIR(info.st_mode):
            self._folder(Path(target), target)
        elif stat.S_ISREG(info.st_mode):
            if target not in self._seen:
                self._seen.add(target)
                self.files.append(Path(target))
        else:
            self.failures.append((path, _special(path, info.st_mode)))


def discover(
    paths: list[Path], follow_symlinks: bool = False
) -> tuple[list[Path], list[tuple[Path, EgideError]]]:
    """Regular files under ``paths``, recursively, in a stable order, and what was refused.

    A path named on the command line is taken as given (a link there is resolved to its
    target); inside a folder, a link is refused, or followed when ``follow_symlinks`` and
    its target stays inside that folder (the target's own path is then returned)."""
    files: list[Path] = []
    refused: list[tuple[Path, EgideError]] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            refused.append((path, NotFoundError(str(path))))
            continue
        if stat.S_ISDIR(info.st_mode):
            walk = _Walk(path, follow_symlinks)
            walk.run()
            files.extend(walk.files)
            refused.extend(walk.failures)
        elif stat.S_ISREG(info.st_mode):
            files.append(Path(os.path.realpath(path)) if path.is_symlink() else path)
        else:
            refused.append((path, _special(path, info.st_mode)))
    return files, refused


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them, read without following
    a final symbolic link and without ever blocking on a special file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        raise NotFoundError(str(path)) from None
    if stat.S_ISLNK(before.st_mode):
        raise SymlinkError(str(path), why=Msg("non suivi"))
    if not stat.S_ISREG(before.st_mode):
        raise _special(path, before.st_mode)
    if before.st_size > max_bytes:
        raise _too_large(path, f"{before.st_size / 1e6:.1f}", max_bytes)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the check and the open
            raise _special(path, info.st_mode)
        chunks: list[bytes] = []
        size = 0
        while True:
            block = os.read(fd, min(_READ_BLOCK, max_bytes + 1 - size))
            if not block:
                break
            size += len(block)
            if size > max_bytes:
                raise _too_large(path, f"≥ {size / 1e6:.1f}", max_bytes)
            chunks.append(block)
        return b"".join(chunks)
    finally:
        os.close(fd)
