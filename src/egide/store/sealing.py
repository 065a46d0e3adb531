"""The store's seal: its encryption key file and the ownership and modes of its folder.

Only the account that runs the service may read the store: the folder is 0700, every file
in it 0600, all owned by that account, and the key file readable by it alone. The service
refuses to start otherwise; ``egide doctor`` reports the same findings.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from egide.errors import StoreKeyError, StorePermissionError
from egide.i18n import Joined, Msg
from egide.store.db import KEY_BYTES


def _open_private(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def create_key(path: Path) -> bytes:
    """Write a new random 256-bit key (hex) to ``path``, created 0600."""
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_private(path)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def read_key(path: Path) -> bytes:
    """The key in ``path`` (64 hex digits). Refused when others may read the file."""
    try:
        info = path.stat()
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise StoreKeyError(Msg("{path} introuvable", path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreKeyError(f"{path}: {exc}") from None
    if info.st_mode & 0o077:
        raise StorePermissionError(
            Msg(
                "{path} est lisible par d'autres comptes ({value})",
                path=path,
                value=oct(info.st_mode & 511),
            )
        )
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise StoreKeyError(
            Msg("{path} : 64 chiffres hexadécimaux attendus", path=path)
        )
    return key


def ensure_key(path: Path) -> bytes:
    return read_key(path) if path.exists() else create_key(path)


def problems(home: Path, uid: int | None = None) -> list[Msg]:
    """What is wrong with the protection of the store folder ``home`` (empty: nothing):
    owner other than ``uid`` (default: this process's), folder wider than 0700, a file
    wider than 0600, a link or a special file inside."""
    owner = os.geteuid() if uid is None else uid
    found: list[Msg] = []
    try:
        info = home.lstat()
    except FileNotFoundError:
        return [Msg("{path} : absent", path=home)]
    if not stat.S_ISDIR(info.st_mode):
        return [Msg("{path} : pas un dossier", path=home)]
    if info.st_uid != owner:
        found.append(_owner(home, info.st_uid, owner))
    if info.st_mode & 0o077:
        found.append(_mode(home, info.st_mode, "0o700"))
    for entry in sorted(home.iterdir()):
        meta = entry.lstat()
        if stat.S_ISLNK(meta.st_mode):
            found.append(Msg("{path} : lien symbolique", path=entry))
            continue
        if meta.st_uid != owner:
            found.append(_owner(entry, meta.st_uid, owner))
        if stat.S_ISDIR(meta.st_mode):
            if meta.st_mode & 0o077:
                found.append(_mode(entry, meta.st_mode, "0o700"))
        elif not stat.S_ISREG(meta.st_mode):
            found.append(Msg("{path} : pas un fichier ordinaire", path=entry))
        elif meta.st_mode & 0o077:
            found.append(_mode(entry, meta.st_mode, "0o600"))
    return found


def _owner(path: Path, uid: int, owner: int) -> Msg:
    return Msg("{path} : propriétaire uid {uid} ≠ {owner}", path=path, uid=uid, owner=owner)


def _mode(path: Path, mode: int, expected: str) -> Msg:
    return Msg(
        "{path} : mode {mode} ({expected} attendu)",
        path=path,
        mode=oct(mode & 0o777),
        expected=expected,
    )


def require_private(home: Path) -> None:
    """Raise ``StorePermissionError`` unless ``home`` is sealed (see ``problems``)."""
    found = problems(home)
    if found:
        raise StorePermissionError(Joined(found))


def encrypt_copy(source: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain store database ``source`` (a file) to
    ``target`` (SQLCipher's export: every table, index and full-text index)."""
    import sqlcipher3

    if len(key) != KEY_BYTES or target.exists():
        raise StoreKeyError(str(target))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    conn = sqlcipher3.connect(str(source))
    try:
        conn.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('sealed')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA sealed.user_version = {int(version)}")
        conn.execute("DETACH DATABASE sealed")
    finally:
        conn.close()
