"""Zip-based formats (DOCX and any other) unpacked within limits.

The sizes a zip declares cannot be trusted: reading a member whole, ``zipfile`` inflates
its entire stream before cutting it to the declared size. Every member is therefore
inflated here in small blocks, counting what really comes out, against a total and a
ratio to the file's size; what was read is handed on re-packed without compression, so
that the format's own reader inflates nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from egide.errors import ArchiveError, CorruptError
from egide.i18n import Msg

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 10_000
_BLOCK = 64 * 1024
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # total unpacked size
    max_ratio: float  # unpacked size / packed file size


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def unpack(data: bytes, name: str, limits: Limits) -> bytes:
    """The same archive with every member checked and stored uncompressed. Raises
    ``ArchiveError`` beyond the limits, ``CorruptError`` on a broken or lying archive."""
    budget = min(limits.max_bytes, int(limits.max_ratio * max(len(data), 1)))
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptError(f"{name}: {exc}") from None
    members = source.infolist()
    if len(members) > MAX_MEMBERS:
        raise ArchiveError(
            Msg("{name} : {n} membres > {max}", name=name, n=len(members), max=MAX_MEMBERS)
        )
    declared = sum(m.file_size for m in members)
    if declared > budget:
        raise ArchiveError(_beyond(name, declared, len(data), limits))
    out = io.BytesIO()
    total = 0
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for member in members:
            if member.compress_type not in _METHODS:
                raise ArchiveError(
                    Msg(
                        "{name} : {member} (méthode {method})",
                        name=name,
                        member=member.filename,
                        method=member.compress_type,
                    )
                )
            if member.flag_bits & 0x1:
                encrypted = Msg("{name} : {member} chiffré", name=name, member=member.filename)
                raise CorruptError(encrypted)
            blocks: list[bytes] = []
            try:
                with source.open(member) as fh:
                    while block := fh.read(_BLOCK):
                        total += len(block)
                        if total > budget:
                            raise ArchiveError(_beyond(name, total, len(data), limits))
                        blocks.append(block)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                raise CorruptError(f"{name}: {member.filename}: {exc}") from None
            info = zipfile.ZipInfo(member.filename, member.date_time)
            info.external_attr = member.external_attr
            target.writestr(info, b"".join(blocks))
    return out.getvalue()


def _beyond(name: str, size: int, packed: int, limits: Limits) -> Msg:
    return Msg(
        "{name} : ≥ {size:.1f} Mo décompressés depuis {packed:.0f} ko (limites {max:.0f} Mo, "
        "×{ratio:g})",
        name=name,
        size=size / 1e6,
        packed=packed / 1e3,
        max=limits.max_bytes / 1e6,
        ratio=limits.max_ratio,
    )
