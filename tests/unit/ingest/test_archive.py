"""Zip-based files are unpacked within limits, whatever sizes they declare."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from egide.errors import ArchiveError, CorruptError
from egide.ingest.archive import Limits, unpack

LIMITS = Limits(max_bytes=4 * 1024 * 1024, max_ratio=100)


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def members(data: bytes) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {m.filename: m for m in zf.infolist()}


def test_an_ordinary_archive_comes_back_whole_and_stored() -> None:
    content = {"a.xml": b"<a>" + b"texte " * 200 + b"</a>", "b.bin": bytes(range(256))}
    out = unpack(make_zip(content), "x.docx", LIMITS)
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == content
        assert {m.compress_type for m in zf.infolist()} == {zipfile.ZIP_STORED}


def test_a_high_ratio_is_refused() -> None:
    bomb = make_zip({"word/document.xml": b" " * (3 * 1024 * 1024)})
    assert len(bomb) < 30_000
    with pytest.raises(ArchiveError) as info:
        unpack(bomb, "bombe.docx", LIMITS)
    assert info.value.code == "E-INGEST-ARCHIVE"


def test_the_total_unpacked_size_is_bounded() -> None:
    noise = bytes(zlib.crc32(i.to_bytes(4, "little")) % 256 for i in range(1024 * 1024))
    archive = make_zip({f"m{i}.bin": noise for i in range(5)})  # 5 MB, barely compressible
    with pytest.raises(ArchiveError):
        unpack(archive, "gros.docx", LIMITS)
    assert unpack(archive, "gros.docx", Limits(8 * 1024 * 1024, 100))


def _lie_about_size(data: bytes, name: str, size: int, crc: int) -> bytes:
    """Patch the local and central headers of ``name`` to declare ``size`` and ``crc``."""
    out = bytearray(data)
    encoded = name.encode()
    for magic, crc_at, size_at, name_at in (
        (b"PK\x03\x04", 14, 22, 30),
        (b"PK\x01\x02", 16, 24, 46),
    ):
        pos = out.find(magic)
        while pos != -1:
            if out[pos + name_at : pos + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, pos + crc_at, crc)
                struct.pack_into("<I", out, pos + size_at, size)
            pos = out.find(magic, pos + 4)
    return bytes(out)


def test_a_member_larger_than_declared_is_never_inflated_beyond_its_declaration() -> None:
    real = b"A" * (50 * 1024 * 1024)
    declared = real[:1000]
    archive = _lie_about_size(
        make_zip({"word/document.xml": real}), "word/document.xml", 1000, zlib.crc32(declared)
    )
    assert members(archive)["word/document.xml"].file_size == 1000
    out = unpack(archive, "menteur.docx", LIMITS)
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.read("word/document.xml") == declared


def test_broken_or_foreign_archives_are_refused() -> None:
    with pytest.raises(CorruptError):
        unpack(b"PK\x03\x04 broken", "cassé.docx", LIMITS)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("a.xml", b"x" * 100)
    with pytest.raises(ArchiveError):
        unpack(out.getvalue(), "bzip2.docx", LIMITS)
